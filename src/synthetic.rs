//! A deterministic synthetic imprint database and queries derived from it,
//! for benchmarks at the scale of a national pill database (100,000
//! products) rather than the few dozen baclofen tablets pillid ships.
//!
//! Imprints follow the patterns real ones do: a letter prefix and a digit
//! group (`M 367`, `AN 627`), a code over a strength (`KP02;10`), a number
//! over a letter (`2265;V`), a letter and three digits (`N029`). Queries are
//! typed the way people type them: sides swapped, spaces dropped, lower
//! case, a look-alike misread (`O` for `0`), sometimes a real typo. The
//! same seed always gives the same database and queries, on every target.

use crate::catalog::{
    Catalog, Confidence, DosageForm, Manufacturer, MarketingStatus, Product, Scope, Source,
    Strength,
};
use crate::vocab::{Color, Shape};
use std::collections::HashSet;

/// A small, fast, deterministic random number generator (SplitMix64), so
/// the synthetic data needs no dependency and no OS randomness.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
/// Colours weighted roughly as on the market: most tablets are white.
const COLORS: &[Color] = &[
    Color::White,
    Color::White,
    Color::White,
    Color::White,
    Color::Yellow,
    Color::Orange,
    Color::Pink,
    Color::Blue,
    Color::Green,
    Color::Brown,
];
const SHAPES: &[Shape] = &[
    Shape::Round,
    Shape::Round,
    Shape::Round,
    Shape::Oval,
    Shape::Capsule,
    Shape::Oval,
];

fn letters(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| rng.pick(LETTERS) as char).collect()
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| (b'0' + rng.below(10) as u8) as char)
        .collect()
}

/// One realistic imprint in canonical SPL form.
pub fn imprint(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=34 => {
            let n = 1 + rng.below(3);
            let d = 2 + rng.below(3);
            format!("{} {}", letters(rng, n), digits(rng, d))
        }
        35..=64 => {
            let n = 1 + rng.below(2);
            let d = 1 + rng.below(3);
            let strength = rng.pick(&["5", "10", "20", "25", "50", "100"]);
            format!("{}{};{}", letters(rng, n), digits(rng, d), strength)
        }
        65..=79 => {
            let d = 3 + rng.below(2);
            format!("{};{}", digits(rng, d), letters(rng, 1))
        }
        _ => format!("{}{}", letters(rng, 1), digits(rng, 3)),
    }
}

/// A synthetic catalog of `n` products with distinct imprints.
pub fn catalog(n: usize, seed: u64) -> Catalog {
    let mut rng = Rng::new(seed);
    let mut seen = HashSet::new();
    let mut products = Vec::with_capacity(n);
    while products.len() < n {
        let imprint = imprint(&mut rng);
        if !seen.insert(crate::imprint::normalize_imprint(&imprint)) {
            continue;
        }
        let i = products.len();
        products.push(Product {
            id: format!("synthetic-{i}"),
            // Tablets of no real medicine, ranked like the other medicines'
            // table: the part of the catalog that grows.
            scope: Scope::Other,
            drug: "synthetic".to_owned(),
            strength: Strength::mg(rng.pick(&[5, 10, 20])),
            dosage_form: DosageForm::Tablet,
            imprint,
            imprint_variants: Vec::new(),
            colors: vec![rng.pick(COLORS)],
            shape: rng.pick(SHAPES),
            score: Some(2),
            size_mm: None,
            logo: false,
            former_imprint: false,
            dea_schedule: None,
            faces: Vec::new(),
            description: None,
            manufacturer: Manufacturer {
                name: None,
                confirmed: false,
                lead: Some("synthetic benchmark product".to_owned()),
                confidence: Confidence::Inferred,
            },
            status: MarketingStatus::Unknown,
            look_alikes: Vec::new(),
            labelers: Vec::new(),
            repackagers: Vec::new(),
            photos: Vec::new(),
            confidence: Confidence::Inferred,
            sources: vec![Source {
                url: "spl:synthetic".to_owned(),
                title: None,
                setid: None,
                version: None,
                effective: None,
                date: None,
            }],
            note: None,
        });
    }
    Catalog {
        about: Some(format!(
            "synthetic benchmark catalog, {n} products, seed {seed}"
        )),
        as_of: None,
        products,
        unplaced: Vec::new(),
        others: Vec::new(),
    }
}

/// Look-alike misreadings a person makes, as (printed, typed).
const MISREADS: &[(char, char)] = &[
    ('0', 'O'),
    ('1', 'I'),
    ('8', 'B'),
    ('5', 'S'),
    ('2', 'Z'),
    ('6', 'G'),
    ('O', '0'),
    ('I', '1'),
    ('B', '8'),
    ('S', '5'),
];

/// A query typed for `product` the way people type: sides in either order,
/// spaces or not, lower case, and in a share of cases a look-alike misread
/// (`misread_percent`) or a real typo (`typo_percent`).
pub fn typed_query(
    rng: &mut Rng,
    spl: &str,
    misread_percent: usize,
    typo_percent: usize,
) -> String {
    let mut sides: Vec<String> = crate::imprint::parts(spl).map(str::to_owned).collect();
    if sides.len() > 1 && rng.chance(50) {
        sides.reverse();
    }
    let joiner = if rng.chance(30) { "" } else { " " };
    let mut text: Vec<char> = sides.join(joiner).chars().collect();
    if rng.chance(misread_percent) {
        let spots: Vec<(usize, char)> = text
            .iter()
            .enumerate()
            .filter_map(|(i, c)| MISREADS.iter().find(|(p, _)| p == c).map(|&(_, t)| (i, t)))
            .collect();
        if !spots.is_empty() {
            let (i, t) = spots[rng.below(spots.len())];
            text[i] = t;
        }
    }
    if rng.chance(typo_percent) {
        let alnum: Vec<usize> = (0..text.len())
            .filter(|&i| text[i].is_ascii_alphanumeric())
            .collect();
        let i = alnum[rng.below(alnum.len())];
        match rng.below(3) {
            0 if i + 1 < text.len() => text.swap(i, i + 1),
            1 => {
                text.remove(i);
            }
            _ => {
                text[i] = if text[i].is_ascii_digit() {
                    (b'0' + rng.below(10) as u8) as char
                } else {
                    rng.pick(LETTERS) as char
                }
            }
        }
    }
    let out: String = text.into_iter().collect();
    if rng.chance(50) {
        out.to_lowercase()
    } else {
        out
    }
}

/// `n` queries against `catalog`, each with the index of the product it was
/// typed from.
pub fn queries(catalog: &Catalog, n: usize, seed: u64) -> Vec<(String, usize)> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|_| {
            let index = rng.below(catalog.products.len());
            (
                typed_query(&mut rng, &catalog.products[index].imprint, 40, 15),
                index,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_canonical() {
        let a = catalog(500, 7);
        let b = catalog(500, 7);
        assert_eq!(a, b);
        for p in &a.products {
            crate::imprint::check_canonical(&p.imprint).unwrap();
        }
        assert_eq!(queries(&a, 50, 1), queries(&b, 50, 1));
    }
}
