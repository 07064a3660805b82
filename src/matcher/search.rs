//! The search: scoring the products the prefilter lets through, skipping
//! the lengths and products that can change neither the shown candidates
//! nor the verdict, and ranking the rest.

use super::*;

impl<'a> Matcher<'a> {
    /// Ranks every product against the query and gives the verdict.
    pub fn identify(&self, query: &Query) -> Identification<'a> {
        let parsed = imprint::parse_query(&query.imprint);
        let mut notices = Vec::new();
        let (shape, shape_conflict) = pick(query.shape, parsed.shape);
        if let Some((typed, chosen)) = shape_conflict {
            notices.push(Notice::ShapeChosenOverTyped { typed, chosen });
        }
        let (color, color_conflict) = pick(query.color, parsed.color);
        if let Some((typed, chosen)) = color_conflict {
            notices.push(Notice::ColorChosenOverTyped { typed, chosen });
        }
        let looks = Looks {
            shape,
            color,
            size_mm: query.size_mm,
        };
        describe_input(&parsed, &mut notices);

        let typed = parsed.text.as_bytes();
        let ndc = ndc_product_codes(&query.imprint);
        let (verdict, mut candidates) = if let Some(codes) = ndc {
            let found = self.by_ndc(&codes);
            if found.is_empty() {
                notices.push(Notice::NdcNotRecorded(codes.join(" or ")));
                (Verdict::NoMatch, found)
            } else {
                (Verdict::Ndc, found)
            }
        } else if typed.is_empty() {
            if looks.is_empty() {
                notices.push(Notice::NothingTyped);
                (Verdict::NoMatch, Vec::new())
            } else {
                notices.push(Notice::AttributesOnly);
                let found = self.by_attributes(looks);
                let verdict = if found.is_empty() {
                    Verdict::NoMatch
                } else {
                    Verdict::Possible
                };
                (verdict, found)
            }
        } else {
            self.by_imprint(&parsed, looks)
        };
        candidates.truncate(MAX_CANDIDATES);
        // Tablets of other medicines that explain the typed text as well or
        // nearly as well as a baclofen candidate are named on its card.
        let rivals: Vec<(&'a Product, f64, f64)> = candidates
            .iter()
            .filter(|c| !c.product.is_target() && c.unexplained_edits == 0)
            .map(|c| (c.product, c.edit_cost, c.coverage))
            .collect();
        for (rank, c) in candidates.iter_mut().enumerate() {
            // A tablet found by its NDC keeps the confidence of a record
            // lookup; nothing was read off the tablet.
            if verdict != Verdict::Ndc {
                c.confidence = confidence(verdict, rank, c);
            }
            c.warnings = self.warnings(c.product);
            if c.product.is_target() && c.unexplained_edits == 0 {
                if let Some(&(other, _, _)) = rivals.iter().find(|(_, cost, coverage)| {
                    (cost - c.edit_cost).abs() < RIVAL_MARGIN
                        && *coverage >= c.coverage - f64::EPSILON
                }) {
                    c.warnings.insert(0, Warning::SameImprintOnOther(other));
                }
            }
        }
        Identification {
            query: query.imprint.clone(),
            parsed,
            shape,
            color,
            size_mm: query.size_mm,
            verdict,
            candidates,
            notices,
        }
    }

    /// Ranks the products against a typed imprint and gives the verdict.
    fn by_imprint(&self, parsed: &ParsedQuery, looks: Looks) -> (Verdict, Vec<Candidate<'a>>) {
        let typed = parsed.text.as_bytes();
        let readings = typed_readings(parsed);
        let first = if self.prune { Pass::Pruned } else { Pass::Full };
        let mut scan = self.score_all(&readings, looks, first);
        let order = |a: &Scored<'_>, b: &Scored<'_>| self.rank_order(a, b);
        // Skipped products all needed at least `least_skipped` edits. If
        // the best could be a match and one of them might have come
        // within the ambiguity margin of it, look at everything.
        if let Some(least) = scan.least_skipped {
            let top = scan.scored.iter().min_by(|a, b| order(a, b));
            if top.is_some_and(|t| {
                eligible(typed.len(), t) && t.alignment.edit_cost + AMBIGUITY_MARGIN > least
            }) {
                // Everything the pruned pass did not look at, without
                // pruning: with what it scored, the exhaustive answer.
                let mut skipped = std::mem::take(&mut scan.skipped);
                skipped.sort_unstable();
                let rest = self.score_all(
                    &readings,
                    looks,
                    Pass::Rest {
                        skipped: &skipped,
                        from: scan.stopped_at,
                    },
                );
                scan.scored.extend(rest.scored);
            }
        }
        let mut scored = scan.scored;
        // The verdict looks at everything scored; only the best is ranked.
        if let Some(best) = (0..scored.len()).min_by(|&a, &b| order(&scored[a], &scored[b])) {
            scored.swap(0, best);
        }
        let verdict = verdict(typed.len(), &scored);
        keep_listed(&mut scored, verdict);
        if scored.len() > MAX_CANDIDATES {
            scored.select_nth_unstable_by(MAX_CANDIDATES - 1, order);
        }
        let shown = scored.len().min(MAX_CANDIDATES);
        scored[..shown].sort_by(order);
        // A baclofen tablet that explains the text about as well as the best
        // is always shown, even when tablets of other medicines fill the
        // list: it is the one the person must not miss.
        if scored.len() > MAX_CANDIDATES {
            let (head, rest) = scored.split_at_mut(MAX_CANDIDATES);
            let top = &head[0];
            let mut missing: Vec<usize> = (0..rest.len())
                .filter(|&i| rest[i].is_target && close_to(top, &rest[i]))
                .collect();
            missing.sort_by(|&a, &b| order(&rest[a], &rest[b]));
            let mut slot = MAX_CANDIDATES;
            for i in missing {
                while slot > 1 && head[slot - 1].is_target {
                    slot -= 1;
                }
                if slot <= 1 {
                    break;
                }
                slot -= 1;
                std::mem::swap(&mut head[slot], &mut rest[i]);
            }
            head.sort_by(order);
        }
        scored.truncate(MAX_CANDIDATES);
        let mut dp = Dp::default();
        let candidates = scored
            .into_iter()
            .map(|s| self.candidate(s, &readings, &mut dp, looks))
            .collect();
        (verdict, candidates)
    }

    fn by_attributes(&self, looks: Looks) -> Vec<Candidate<'a>> {
        self.catalog
            .products
            .iter()
            .filter_map(|p| {
                let agrees = agreement(p, looks);
                if agrees.contradictions() > 0 {
                    return None;
                }
                let marks = plain_marks(&p.imprint, MarkKind::Untyped);
                let mut c = Candidate::new(p, &p.imprint, marks, ATTRIBUTES_ONLY_SCORE, looks);
                attribute_why(p, looks, &mut c.why);
                Some(c)
            })
            .collect()
    }

    /// Aligns the typed text against every product that the prefilter lets
    /// through (in `pass`) and keeps those within [`allowed_edits`].
    fn score_all(&self, readings: &[Vec<u8>], looks: Looks, pass: Pass<'_>) -> Scan<'_> {
        let prune = pass == Pass::Pruned;
        let typed = readings[0].as_slice();
        let allowed = allowed_edits(typed.len());
        let mut typed_classes = [0u8; CLASS_COUNT];
        for &c in typed {
            let k = lookalike::class_of(c) as usize;
            typed_classes[k] = typed_classes[k].saturating_add(1);
        }
        // Beyond their untyped characters, alignments that cost more than
        // this need more real edits than allowed (see `best_reading`).
        let allowed_units = typed.len() as u32 * LOOKALIKE_UNITS + allowed as u32 * EDIT_UNITS;
        let mut dp = Dp::default();
        let typed_mask = typed_classes
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .fold(0u64, |m, (k, _)| m | 1 << k);
        // The target medicine's tablets first, then the other lengths by
        // the best score they could reach. The rest is skipped once the
        // shown candidates are full, no unvisited length can beat the last
        // of them, and nothing left could change the verdict (see the stop
        // rule in the loop).
        let m = typed.len();
        let mut order: Vec<(f64, &Bucket)> = self
            .buckets
            .iter()
            .map(|b| (bucket_ceiling(m, b, 0), b))
            .collect();
        order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.shortest.cmp(&b.1.shortest)));
        // The target medicine's tablets come first and are never skipped.
        let mut order: Vec<(f64, &Bucket, bool)> =
            std::iter::once((f64::INFINITY, &self.target_medicine, false))
                .chain(order.into_iter().map(|(c, b)| (c, b, true)))
                .collect();
        order.shrink_to_fit();
        let mut shown = TopScores::default();
        let mut out: Vec<Scored<'_>> = Vec::new();
        let mut best: Option<usize> = None;
        let mut explained_targets = 0;
        let mut explained_any = false;
        let mut least_skipped = None;
        let mut skipped = Vec::new();
        let mut stopped_at = order.len();
        for (position, (ceiling, bucket, prunable)) in order.into_iter().enumerate() {
            let prune = prune && prunable;
            // What is left after a pruned pass: the products it skipped in
            // the lengths it visited, then every length it did not visit.
            let only = match pass {
                Pass::Rest { skipped, from } if position < from => Some(skipped),
                _ => None,
            };
            if only.is_some_and(<[usize]>::is_empty) {
                continue;
            }
            // A length whose best possible score is below the shown
            // candidates can only matter to the verdict.
            if prune && shown.is_full() && ceiling < shown.lowest() {
                // The baclofen tablets were all scored first, so what is
                // left can change the verdict only by being a rival of a
                // baclofen best (see `rival`). It cannot when the best is
                // not eligible for a verdict of its own, when the best is
                // another medicine's, when two baclofen tablets already
                // explain the text, or when no rival could score as high
                // as this length's ceiling.
                let settled = explained_targets >= 2
                    || best.is_none_or(|i| {
                        let top = &out[i];
                        if !eligible(m, top) {
                            // Still `no_match` unless something explains the
                            // text: that must be known before stopping.
                            explained_any
                        } else {
                            !top.is_target || ceiling < rival_floor(m, top)
                        }
                    });
                if settled {
                    stopped_at = position;
                    break;
                }
            }
            let per_entry = bucket
                .entries
                .iter()
                .zip(&bucket.masks)
                .zip(&bucket.classes)
                .zip(&bucket.orderings);
            for (((&index, &class_mask), classes), &(first, end)) in per_entry {
                if only.is_some_and(|only| only.binary_search(&index).is_err()) {
                    continue;
                }
                // Prefilter: each typed character whose look-alike class is not
                // in the imprint costs at least one real edit. First by class
                // presence (one instruction), then by class counts.
                if f64::from((typed_mask & !class_mask).count_ones()) > allowed {
                    continue;
                }
                let excess: u32 = typed_classes
                    .iter()
                    .zip(classes.iter())
                    .map(|(&q, &t)| u32::from(q.saturating_sub(t)))
                    .sum();
                if f64::from(excess) > allowed {
                    continue;
                }
                // A product that needs an edit and cannot reach the shown
                // candidates can only matter if it comes within the
                // ambiguity margin of a match; note the fewest edits skipped
                // so the caller can tell.
                if prune
                    && excess > 0
                    && shown.is_full()
                    && bucket_ceiling(m, bucket, excess as usize) < shown.lowest()
                {
                    let edits = f64::from(excess) * EDIT_COST;
                    least_skipped = Some(least_skipped.map_or(edits, |l: f64| l.min(edits)));
                    skipped.push(index);
                    continue;
                }
                // The best reading over every ordering of the typed sides and of
                // the imprint's sides. Ties go to the fewest real edits, then to
                // the order as typed and as listed, so the choice never depends
                // on which order the sides were typed in.
                let orderings = &self.packed.orderings[first as usize..end as usize];
                let Some((alignment, which, reading)) =
                    best_reading(&mut dp, readings, &self.packed, orderings, allowed_units)
                else {
                    continue;
                };
                let target = &self.entries[index].targets[which];
                if alignment.unexplained as f64 > allowed {
                    continue;
                }
                let product = self.product(index);
                let coverage = alignment.covered as f64 / target.chars.len().max(1) as f64;
                let typed_fit = (1.0 - alignment.edit_cost / typed.len() as f64).max(0.0);
                let agrees = agreement(product, looks);
                let mut score = typed_fit * (COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * coverage);
                if agrees.shape == Some(false) {
                    score *= 1.0 - SHAPE_MISMATCH_PENALTY;
                }
                if agrees.color == Some(false) {
                    score *= 1.0 - COLOR_MISMATCH_PENALTY;
                }
                if agrees.size == Some(false) {
                    score *= 1.0 - SIZE_MISMATCH_PENALTY;
                }
                let contradictions = agrees.contradictions();
                // A baclofen tablet the chosen shape or colour contradicts
                // stays listed only when its whole imprint was typed exactly:
                // a partial or misread imprint plus a contradiction is too
                // little to put it before a person. It still counts for the
                // verdict (the shape or colour may be misjudged: it keeps
                // "not baclofen" from being said), but is not shown.
                let hidden = contradictions > 0
                    && product.is_target()
                    && (alignment.edit_cost > 0.0 || coverage < 1.0 - f64::EPSILON);
                // A misread and a contradicting shape or colour together are
                // evidence against the tablet, not two small doubts.
                if contradictions > 0 && alignment.edit_cost > 0.0 {
                    score *= 1.0 - CONTRADICTED_MISREAD_PENALTY;
                }
                let score = score.clamp(0.0, 1.0);
                if !hidden {
                    shown.offer(score);
                }
                if alignment.unexplained == 0 {
                    explained_targets += usize::from(product.is_target());
                    explained_any = true;
                }
                let scored = Scored {
                    index,
                    target,
                    reading,
                    alignment,
                    score,
                    coverage,
                    contradictions,
                    is_target: product.is_target(),
                    hidden,
                };
                if best.is_none_or(|i| self.rank_order(&scored, &out[i]).is_lt()) {
                    best = Some(out.len());
                }
                out.push(scored);
            }
        }
        Scan {
            scored: out,
            least_skipped,
            skipped,
            stopped_at,
        }
    }

    /// The ranking: best score first; among equals, the fewest real edits
    /// (never the order the sides were typed in: a tablet's sides have no
    /// order), then 10 mg (the strength pillid is
    /// built around, so the likeliest tablet in the hand), then the id for
    /// a stable order.
    fn rank_order(&self, a: &Scored<'_>, b: &Scored<'_>) -> std::cmp::Ordering {
        // The products are read only on a tie of the alignments (lazily):
        // comparing their ids on every call was a measurable share of a
        // search at 100,000 products.
        let (pa, pb) = (self.product(a.index), self.product(b.index));
        b.score
            .total_cmp(&a.score)
            .then(a.alignment.unexplained.cmp(&b.alignment.unexplained))
            .then(a.alignment.edit_cost.total_cmp(&b.alignment.edit_cost))
            .then_with(|| pb.is_usual_strength().cmp(&pa.is_usual_strength()))
            .then_with(|| pa.id.cmp(&pb.id))
    }
}

/// The best alignment of a product over every ordering of the typed sides
/// and of the imprint's sides: the lowest cost, then the fewest real edits,
/// then the sides in the order typed and listed, so the choice never
/// depends on which order the sides were typed in.
///
/// Returns the alignment, the index of the entry's target aligned (its
/// place in `orderings`) and the index of the typed reading; `None` when
/// every alignment needs more real edits than the caller allows.
///
/// `allowed_units` is what the typed characters may cost besides the
/// untyped imprint characters: a look-alike reading for each, plus the
/// allowed real edits. An alignment whose `total` exceeds it plus one unit
/// per imprint character needs more real edits than allowed (each costs
/// at most [`EDIT_UNITS`]), so its work stops early. Only when the best
/// left (a straddling reading costs one edit more than its steps) costs
/// more than that bound could a stopped one have been better: then every
/// alignment is done in full.
pub(super) fn best_reading(
    dp: &mut Dp,
    readings: &[Vec<u8>],
    packed: &Packed,
    orderings: &[PackedTarget],
    allowed_units: u32,
) -> Option<(Alignment, usize, usize)> {
    let longest = orderings
        .iter()
        .map(|t| packed.chars(t).len() as u32)
        .max()
        .unwrap_or(0);
    let limit = (longest * UNTYPED_UNITS).saturating_add(allowed_units);
    match best_reading_within(dp, readings, packed, orderings, limit) {
        Some(best) if best.0.total > limit => {
            best_reading_within(dp, readings, packed, orderings, u32::MAX)
        }
        best => best,
    }
}

/// [`best_reading`] among the alignments whose `total` is at most `limit`.
fn best_reading_within(
    dp: &mut Dp,
    readings: &[Vec<u8>],
    packed: &Packed,
    orderings: &[PackedTarget],
    limit: u32,
) -> Option<(Alignment, usize, usize)> {
    let mut best: Option<(Alignment, &PackedTarget, usize)> = None;
    for (reading, typed) in readings.iter().enumerate() {
        for target in orderings {
            // Only an alignment that costs no more than the best so far
            // can replace it (`total` comes first in the key).
            let bound = best.as_ref().map_or(limit, |(b, _, _)| b.total.min(limit));
            let Some(mut a) =
                dp.align_within(typed, packed.chars(target), packed.words(target), bound)
            else {
                continue;
            };
            a.side_order_differs = target.permuted != (reading > 0);
            let key = |a: &Alignment, t: &PackedTarget| {
                (a.total, a.unexplained, a.side_order_differs, t.permuted)
            };
            if best
                .as_ref()
                .is_none_or(|(b, bt, _)| key(&a, target) < key(b, bt))
            {
                best = Some((a, target, reading));
            }
        }
    }
    best.map(|(a, t, reading)| (a, t.target as usize, reading))
}

/// The typed text as typed, then, when it was typed as two or three sides
/// of two or more characters, every other order of those sides. A person
/// may read a round tablet's sides in any order; trying each keeps the
/// answer independent of it. Single characters typed apart (`N O 2 9`) are
/// one side spelled out, read in the order typed.
pub(super) fn typed_readings(parsed: &ParsedQuery) -> Vec<Vec<u8>> {
    let mut readings = vec![parsed.text.as_bytes().to_vec()];
    let tokens = &parsed.tokens;
    let joined: usize = tokens.iter().map(String::len).sum();
    let sides = (2..=MAX_READ_SIDES).contains(&tokens.len()) && tokens.iter().all(|t| t.len() >= 2);
    if sides && joined == parsed.text.len() {
        for (order, _) in orderings(tokens.len()).into_iter().skip(1) {
            readings.push(order.iter().flat_map(|&i| tokens[i].bytes()).collect());
        }
    }
    readings
}

/// The best [`MAX_CANDIDATES`] scores seen so far, best first.
#[derive(Default)]
pub(super) struct TopScores(Vec<f64>);

impl TopScores {
    pub(super) fn offer(&mut self, score: f64) {
        let at = self.0.partition_point(|&s| s >= score);
        if at < MAX_CANDIDATES {
            self.0.insert(at, score);
            self.0.truncate(MAX_CANDIDATES);
        }
    }

    pub(super) fn is_full(&self) -> bool {
        self.0.len() >= MAX_CANDIDATES
    }

    pub(super) fn lowest(&self) -> f64 {
        self.0.last().copied().unwrap_or(0.0)
    }
}

/// Which products [`Matcher::score_all`] looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pass<'s> {
    /// Every product the prefilter lets through, skipping the lengths and
    /// products that cannot change the answer.
    Pruned,
    /// Every product the prefilter lets through.
    Full,
    /// What a pruned pass left: the products it skipped (`skipped`, sorted
    /// indices) in the lengths it visited, and every product of the lengths
    /// from position `from` of the visiting order on (where it stopped).
    /// With the pruned pass's products, the same as a full pass.
    Rest { skipped: &'s [usize], from: usize },
}

/// What [`Matcher::score_all`] found.
pub(super) struct Scan<'t> {
    /// Every product within the allowed edits that was aligned.
    pub(super) scored: Vec<Scored<'t>>,
    /// The fewest edits any skipped product needed, if any was skipped.
    pub(super) least_skipped: Option<f64>,
    /// The products skipped one by one (indices, in visiting order).
    pub(super) skipped: Vec<usize>,
    /// The position in the visiting order of the first length not visited
    /// (the number of lengths when every one was).
    pub(super) stopped_at: usize,
}

/// A product's best alignment, before it becomes a [`Candidate`].
pub(super) struct Scored<'t> {
    pub(super) index: usize,
    /// The imprint ordering aligned.
    pub(super) target: &'t Target,
    /// Index of the typed reading aligned (0 = as typed).
    pub(super) reading: usize,
    pub(super) alignment: Alignment,
    pub(super) score: f64,
    pub(super) coverage: f64,
    /// How many of the chosen shape and colour disagree with the tablet.
    pub(super) contradictions: u8,
    /// True for a tablet of the target medicine.
    pub(super) is_target: bool,
    /// True for a baclofen tablet that counts for the verdict but is not
    /// listed (a contradicted partial or misread reading).
    pub(super) hidden: bool,
}

/// The lowest score a [`rival`] of `top` could have for `m` typed
/// characters: it explains every typed character at most one look-alike
/// reading more dearly, covers as much of its imprint, and may carry every
/// penalty a shape, colour and size can give.
pub(super) fn rival_floor(m: usize, top: &Scored<'_>) -> f64 {
    let fit = (1.0 - (top.alignment.edit_cost + RIVAL_MARGIN) / m.max(1) as f64).max(0.0);
    let penalties = (1.0 - SHAPE_MISMATCH_PENALTY)
        * (1.0 - COLOR_MISMATCH_PENALTY)
        * (1.0 - SIZE_MISMATCH_PENALTY)
        * (1.0 - CONTRADICTED_MISREAD_PENALTY);
    fit * (COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * top.coverage) * penalties
}

pub(super) fn agreement(p: &Product, looks: Looks) -> Agreement {
    Agreement {
        shape: looks.shape.map(|s| s == p.shape),
        color: looks.color.map(|c| p.colors.contains(&c)),
        size: looks
            .size_mm
            .zip(p.size_mm)
            .map(|(given, actual)| given.abs_diff(actual) <= SIZE_TOLERANCE_MM),
    }
}

/// Whether each thing said about the tablet's looks agrees with it (None:
/// not said, or not recorded for the tablet).
#[derive(Clone, Copy, Debug)]
pub(super) struct Agreement {
    pub(super) shape: Option<bool>,
    pub(super) color: Option<bool>,
    pub(super) size: Option<bool>,
}

impl Agreement {
    /// How many of shape, colour and size contradict the tablet.
    pub(super) fn contradictions(&self) -> u8 {
        [self.shape, self.color, self.size]
            .iter()
            .map(|a| u8::from(*a == Some(false)))
            .sum()
    }
}
