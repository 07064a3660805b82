//! Looking a tablet up by the NDC on its bottle: a pharmacist holding a
//! stock bottle types its National Drug Code and sees what the tablet from
//! that bottle should look like.
//!
//! An NDC is written labeler-product-package with dashes (`70710-1285-01`,
//! 4-4-2, 5-3-2 or 5-4-1 digits), or as its 10 digits run together, or as
//! the 11-digit 5-4-2 billing form (`70710128501`), or as just the
//! labeler-product part (`70710-1285`). Every form is reduced to the 5-4
//! labeler-product code, zero-padded, so `0527-1330` and `00527-1330` are the
//! same product. Ten digits without dashes could be split three ways; each
//! split is tried.

use super::*;

/// The labeler-product codes an NDC as typed can stand for (more than one
/// only for ten digits typed without dashes), or `None` when the text is
/// not an NDC.
pub fn ndc_product_codes(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return None;
    }
    let groups: Vec<&str> = text.split('-').collect();
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let padded = |labeler: &str, product: &str| format!("{labeler:0>5}-{product:0>4}");
    match lens.as_slice() {
        // Labeler-product, with or without the package.
        [4, 4] | [5, 3] | [5, 4] | [4, 4, 2] | [5, 3, 2] | [5, 4, 1] | [5, 4, 2] => {
            Some(vec![padded(groups[0], groups[1])])
        }
        [11] => Some(vec![padded(&text[..5], &text[5..9])]),
        [10] => Some(vec![
            padded(&text[..4], &text[4..8]),
            padded(&text[..5], &text[5..8]),
            padded(&text[..5], &text[5..9]),
        ]),
        _ => None,
    }
}

/// Score of a tablet recorded under the NDC typed: the record says so, as
/// surely as a whole imprint typed exactly.
const NDC_SCORE: f64 = 1.0;

/// A labeler-product code as the database writes it (`0527-1330`,
/// `16714-071`), in the padded 5-4 form.
pub(super) fn padded_code(ndc: &str) -> Option<String> {
    let (labeler, product) = ndc.split_once('-')?;
    Some(format!("{labeler:0>5}-{product:0>4}"))
}

impl<'a> Matcher<'a> {
    /// Every tablet recorded under one of `codes`, as a labeler's own NDC or
    /// as a repackager's; with the reason naming the NDC and who sells
    /// under it. (A labeler's source NDC, the product it repackages, is not
    /// one it sells under: that product's own labeler carries it.)
    pub(super) fn by_ndc(&self, codes: &[String]) -> Vec<Candidate<'a>> {
        let mut found = Vec::new();
        for p in self.catalog.all_products() {
            let labelers = p.labelers.iter().filter_map(|l| {
                let ndc = l.ndc.as_deref()?;
                let code = padded_code(ndc)?;
                codes
                    .contains(&code)
                    .then(|| (ndc.to_owned(), Some(l.name.clone())))
            });
            let repackagers = p.repackagers.iter().filter_map(|r| {
                let code = padded_code(&r.ndc)?;
                codes
                    .contains(&code)
                    .then(|| (r.ndc.clone(), r.name.clone()))
            });
            let Some((ndc, seller)) = labelers.chain(repackagers).next() else {
                continue;
            };
            // Nothing was read off the tablet: no looks to weigh, and the
            // confidence of a record lookup.
            let marks = plain_marks(&p.imprint, MarkKind::Untyped);
            found.push(Candidate {
                confidence: Level::Medium,
                why: vec![Reason::RecordedUnderNdc { ndc, seller }],
                ..Candidate::new(p, &p.imprint, marks, NDC_SCORE, Looks::default())
            });
        }
        found.sort_by_key(|c| (!c.product.is_target(), !c.product.is_usual_strength()));
        found.truncate(MAX_CANDIDATES);
        found
    }
}

#[cfg(test)]
mod ndc_tests {
    use super::*;

    #[test]
    fn every_written_form_of_an_ndc_gives_its_product_code() {
        let one = |s: &str| ndc_product_codes(s).map(|v| v.join(","));
        assert_eq!(one("70710-1285").as_deref(), Some("70710-1285"));
        assert_eq!(one("70710-1285-01").as_deref(), Some("70710-1285"));
        assert_eq!(one("0527-1330-10").as_deref(), Some("00527-1330"));
        assert_eq!(one("16714-071-01").as_deref(), Some("16714-0071"));
        assert_eq!(one("00527133010").as_deref(), Some("00527-1330"));
        assert_eq!(
            one("0527133010").as_deref(),
            Some("00527-1330,05271-0330,05271-3301")
        );
        for not_ndc in ["1285", "KP02", "12-34", "70710-12851", "", "70710 1285"] {
            assert_eq!(ndc_product_codes(not_ndc), None, "{not_ndc}");
        }
    }

    #[test]
    fn a_bottles_ndc_finds_its_tablet_and_a_repackagers_ndc_too() {
        let m = embedded();
        let by = |text: &str| m.identify(&Query::text(text));
        let id = by("70710-1285-01");
        assert_eq!(id.verdict, Verdict::Ndc);
        assert_eq!(id.candidates[0].product.id, "zydus-1285");
        assert_eq!(by("7071012850").candidates[0].product.id, "zydus-1285");
        // A repackager NLM lists for Qualitest's 22 65 / V (0603-2406).
        let repackaged = by("10544-0172");
        assert!(
            repackaged
                .candidates
                .iter()
                .any(|c| c.product.id == "imprint-2265-v"),
            "{:?}",
            repackaged
                .candidates
                .iter()
                .map(|c| &c.product.id)
                .collect::<Vec<_>>()
        );
        // Another medicine's NDC shows that tablet, not baclofen.
        let other = by("00093-3109");
        assert_eq!(other.verdict, Verdict::Ndc);
        assert!(other.candidates.iter().all(|c| !c.product.is_target()));
        // An NDC nobody records: no match, said as such.
        let none = by("99999-9999");
        assert_eq!(none.verdict, Verdict::NoMatch);
        assert!(none
            .notices
            .contains(&Notice::NdcNotRecorded("99999-9999".to_owned())));
    }
}
