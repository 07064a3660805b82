//! The index: every product's imprint readings in every side order, as
//! letters and digits ready to align, grouped by length so that a search can
//! visit the lengths that could score best first.

use super::*;

/// The matcher, prepared for one catalog.
#[derive(Debug)]
pub struct Matcher<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) entries: Vec<Entry>,
    pub(super) by_id: HashMap<&'a str, usize>,
    /// False only in tests that check skipping never changes an answer.
    pub(super) prune: bool,
    /// Entries grouped by imprint length, so that a search can visit the
    /// lengths that could score best first and stop early (see
    /// [`Matcher::score_all`]).
    pub(super) buckets: Vec<Bucket>,
    /// The target medicine's tablets (baclofen): few, and each one must be
    /// found whenever it explains the typed text, so they are always
    /// scored, never skipped by the length buckets' early stop.
    pub(super) target_medicine: Bucket,
    /// Every ordering of every entry, as the search aligns them.
    pub(super) packed: Packed,
}

/// The letters and digits and the words of every [`Target`], in one array
/// each, laid out bucket by bucket in the order the search visits them.
/// The search reads what it aligns in order instead of chasing three small
/// allocations per ordering scattered over the heap: at 100,000 products
/// that waiting on memory was most of its time.
#[derive(Debug, Default)]
pub(super) struct Packed {
    pub(super) orderings: Vec<PackedTarget>,
    pub(super) chars: Vec<u8>,
    pub(super) words: Vec<(usize, usize)>,
}

/// One [`Target`] in [`Packed`]: where its letters and digits and its words
/// are, and which of its entry's targets it is.
#[derive(Debug, Clone, Copy)]
pub(super) struct PackedTarget {
    chars: (u32, u32),
    words: (u32, u32),
    /// True when the sides are not in the listed order.
    pub(super) permuted: bool,
    /// Index into the entry's `targets`.
    pub(super) target: u32,
}

impl Packed {
    /// Appends `targets`; returns the range of their [`PackedTarget`]s.
    ///
    /// A target with the same letters, words and side order flag as an
    /// earlier one of the entry (`93;311;93;311` read with its two `93`
    /// swapped) is left out: it aligns exactly as the earlier one, and a
    /// tie goes to the earlier one, so it could never be the best.
    fn push(&mut self, targets: &[Target]) -> (u32, u32) {
        let start = self.orderings.len() as u32;
        for (k, t) in targets.iter().enumerate() {
            let same =
                |e: &Target| e.chars == t.chars && e.words == t.words && e.permuted == t.permuted;
            if targets[..k].iter().any(same) {
                continue;
            }
            let chars = (
                self.chars.len() as u32,
                (self.chars.len() + t.chars.len()) as u32,
            );
            self.chars.extend_from_slice(&t.chars);
            let words = (
                self.words.len() as u32,
                (self.words.len() + t.words.len()) as u32,
            );
            self.words.extend_from_slice(&t.words);
            self.orderings.push(PackedTarget {
                chars,
                words,
                permuted: t.permuted,
                target: k as u32,
            });
        }
        (start, self.orderings.len() as u32)
    }

    /// The letters and digits of `t`.
    pub(super) fn chars(&self, t: &PackedTarget) -> &[u8] {
        &self.chars[t.chars.0 as usize..t.chars.1 as usize]
    }

    /// The words of `t`, as ranges of character indices.
    pub(super) fn words(&self, t: &PackedTarget) -> &[(usize, usize)] {
        &self.words[t.words.0 as usize..t.words.1 as usize]
    }
}

/// One ordering of one imprint reading of a product, ready to align.
#[derive(Debug)]
pub(super) struct Target {
    /// Letters and digits in this ordering.
    pub(super) chars: Vec<u8>,
    /// Byte offset in the SPL string of each character.
    pub(super) origin: Vec<usize>,
    /// Each word as a range of character indices (start, end exclusive).
    pub(super) words: Vec<(usize, usize)>,
    /// Index into `Product::imprints()`.
    pub(super) variant: usize,
    /// True when the sides are not in the listed order.
    pub(super) permuted: bool,
}

#[derive(Debug)]
pub(super) struct Entry {
    pub(super) targets: Vec<Target>,
    /// Letter-and-digit count per look-alike class, the least over readings.
    pub(super) classes: [u8; CLASS_COUNT],
    /// Bit k set when `classes[k] > 0`: the quick first prefilter.
    pub(super) class_mask: u64,
}

/// Products whose imprint readings have the same shortest and longest
/// letter-and-digit counts. What the search's prefilter reads of each
/// entry is kept here, side by side in visiting order (one array per
/// field), so that the many entries it rejects cost a read of a few bytes
/// in order.
#[derive(Debug, Default)]
pub(super) struct Bucket {
    pub(super) shortest: usize,
    pub(super) longest: usize,
    /// Product indices, in the order visited (ascending).
    pub(super) entries: Vec<usize>,
    /// Each entry's `class_mask`.
    pub(super) masks: Vec<u64>,
    /// Each entry's `classes`.
    pub(super) classes: Vec<[u8; CLASS_COUNT]>,
    /// Each entry's orderings in [`Packed`] (start, end).
    pub(super) orderings: Vec<(u32, u32)>,
}

impl Bucket {
    fn push(&mut self, index: usize, entry: &Entry) {
        self.entries.push(index);
        self.masks.push(entry.class_mask);
        self.classes.push(entry.classes);
    }

    /// Lays out the orderings of the bucket's entries in `packed`.
    fn pack(&mut self, entries: &[Entry], packed: &mut Packed) {
        self.orderings = self
            .entries
            .iter()
            .map(|&i| packed.push(&entries[i].targets))
            .collect();
    }
}

/// The highest score any product with an imprint of `n` letters and digits
/// can reach for a typed text of `m` when `excess` typed characters have no
/// look-alike class in the imprint: each such character, and each typed
/// character beyond `n`, costs a full edit, and a longer imprint cannot be
/// more than `m / n` covered.
pub(super) fn score_ceiling(m: usize, n: usize, excess: usize) -> f64 {
    let edits = excess.max(m.saturating_sub(n)) as f64;
    let fit = (1.0 - edits / m.max(1) as f64).max(0.0);
    fit * (COVERAGE_FLOOR + (1.0 - COVERAGE_FLOOR) * (m as f64 / n.max(1) as f64).min(1.0))
}

/// The highest [`score_ceiling`] over a bucket's lengths.
pub(super) fn bucket_ceiling(m: usize, bucket: &Bucket, excess: usize) -> f64 {
    (bucket.shortest..=bucket.longest)
        .map(|n| score_ceiling(m, n, excess))
        .fold(0.0, f64::max)
}

impl<'a> Matcher<'a> {
    /// Prepares every product's imprint readings and side orderings.
    pub fn new(catalog: &'a Catalog) -> Matcher<'a> {
        let entries: Vec<Entry> = catalog.all_products().map(entry_for).collect();
        let by_id = catalog
            .all_products()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut buckets: Vec<Bucket> = Vec::new();
        let mut target_medicine = Bucket::default();
        for ((index, entry), product) in entries.iter().enumerate().zip(catalog.all_products()) {
            if product.is_target() {
                target_medicine.push(index, entry);
                continue;
            }
            let lengths = entry.targets.iter().map(|t| t.chars.len());
            let (shortest, longest) = (
                lengths.clone().min().unwrap_or(0),
                lengths.max().unwrap_or(0),
            );
            let bucket = match buckets
                .iter()
                .position(|b| b.shortest == shortest && b.longest == longest)
            {
                Some(b) => &mut buckets[b],
                None => {
                    buckets.push(Bucket {
                        shortest,
                        longest,
                        ..Bucket::default()
                    });
                    buckets.last_mut().expect("just pushed")
                }
            };
            bucket.push(index, entry);
        }
        let mut packed = Packed::default();
        target_medicine.pack(&entries, &mut packed);
        for b in &mut buckets {
            b.pack(&entries, &mut packed);
        }
        Matcher {
            catalog,
            entries,
            by_id,
            prune: true,
            buckets,
            target_medicine,
            packed,
        }
    }

    /// The product at `index` in the order the matcher indexed them.
    pub(super) fn product(&self, index: usize) -> &'a Product {
        let targets = self.catalog.products.len();
        if index < targets {
            &self.catalog.products[index]
        } else {
            &self.catalog.others[index - targets]
        }
    }

    /// The catalog this matcher searches.
    pub fn catalog(&self) -> &'a Catalog {
        self.catalog
    }
}

pub(super) fn entry_for(p: &Product) -> Entry {
    let mut targets = Vec::new();
    let mut classes = [u8::MAX; CLASS_COUNT];
    for (variant, spl) in p.imprints().enumerate() {
        let mut counts = [0u8; CLASS_COUNT];
        for c in spl.bytes().filter(u8::is_ascii_alphanumeric) {
            let k = lookalike::class_of(c) as usize;
            counts[k] = counts[k].saturating_add(1);
        }
        for (k, n) in counts.iter().enumerate() {
            classes[k] = classes[k].min(*n);
        }
        // Each part with its byte offset in the SPL string.
        let mut parts = Vec::new();
        let mut offset = 0;
        for part in imprint::parts(spl) {
            parts.push((offset, part));
            offset += part.len() + 1;
        }
        for (order, permuted) in orderings(parts.len()) {
            targets.push(target_for(&parts, &order, variant, permuted));
        }
    }
    let class_mask = classes
        .iter()
        .enumerate()
        .filter(|(_, &n)| n > 0)
        .fold(0u64, |m, (k, _)| m | 1 << k);
    Entry {
        targets,
        classes,
        class_mask,
    }
}

/// Every ordering of `n` parts (listed order first), or, for many parts,
/// the listed order and its reverse.
pub(super) fn orderings(n: usize) -> Vec<(Vec<usize>, bool)> {
    let identity: Vec<usize> = (0..n).collect();
    if n > MAX_PERMUTED_PARTS {
        let mut rev = identity.clone();
        rev.reverse();
        return vec![(identity, false), (rev, true)];
    }
    let mut out = Vec::new();
    permute(&mut identity.clone(), 0, &mut out);
    out.sort_by_key(|o| o != &identity);
    out.into_iter()
        .map(|o| {
            let permuted = o != identity;
            (o, permuted)
        })
        .collect()
}

pub(super) fn permute(items: &mut Vec<usize>, k: usize, out: &mut Vec<Vec<usize>>) {
    if k == items.len() {
        out.push(items.clone());
        return;
    }
    for i in k..items.len() {
        items.swap(k, i);
        permute(items, k + 1, out);
        items.swap(k, i);
    }
}

pub(super) fn target_for(
    parts: &[(usize, &str)],
    order: &[usize],
    variant: usize,
    permuted: bool,
) -> Target {
    let mut t = Target {
        chars: Vec::new(),
        origin: Vec::new(),
        words: Vec::new(),
        variant,
        permuted,
    };
    for &pi in order {
        let (offset, part) = parts[pi];
        let mut word_start = None;
        for (i, c) in part.bytes().enumerate() {
            if c.is_ascii_alphanumeric() {
                word_start.get_or_insert(t.chars.len());
                t.chars.push(c);
                t.origin.push(offset + i);
            } else if let Some(s) = word_start.take() {
                t.words.push((s, t.chars.len()));
            }
        }
        if let Some(s) = word_start {
            t.words.push((s, t.chars.len()));
        }
    }
    t
}
