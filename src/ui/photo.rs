//! A product's photograph beside its drawing: NLM's picture of both faces
//! on a millimetre ruler, credited and dated, which opens large when
//! clicked or tapped (a `<details>`: no script of its own).

use super::pill;
use crate::catalog::{Photo, Product};
use crate::wording;
use yew::prelude::*;

/// Where the app serves the photos from: `assets/photos/` copied by trunk
/// next to the page (see `index.html`), so they come from the page's own
/// origin and the service worker keeps them.
pub const PHOTO_DIR: &str = "photos";

/// NLM's photos are 300 × 225 pixels: both faces and the ruler, uncropped.
pub const PHOTO_WIDTH: u32 = 300;
/// See [`PHOTO_WIDTH`].
pub const PHOTO_HEIGHT: u32 = 225;

/// The address of a photo, relative to the page.
pub fn photo_src(photo: &Photo) -> String {
    format!("{PHOTO_DIR}/{}", photo.file)
}

/// The text alternative: what is printed on each face, as the database
/// records it (the photo shows the same tablet).
pub fn photo_alt(product: &Product) -> String {
    let [front, back] = pill::faces(product);
    // Where no source says which face has the score line, the photo's
    // words do not put it on one.
    let known = pill::score_face_known(product);
    wording::photo_alt(
        [
            (&front.lines, front.scored && known),
            (&back.lines, back.scored && known),
        ],
        pill::is_scored(product) && !known,
        product.logo,
    )
}

/// The caption: who took the photo and when, and that a tablet may look
/// different now: `Photo: U.S. National Library of Medicine, photographed
/// 2009. …`.
pub fn photo_caption(photo: &Photo) -> String {
    let credit = photo.source.title.as_deref().unwrap_or(&photo.source.url);
    let year = photo.photographed.get(..4).unwrap_or(&photo.photographed);
    wording::photo_caption(credit, year)
}

/// The first photo of `p` (`figure.photo`), or nothing when it has none.
/// A plain function, not a component, like the drawing beside it.
pub fn pill_photo(p: &Product) -> Html {
    let Some(photo) = p.photos.first() else {
        return html! {};
    };
    html! {
        <figure class="photo">
            <details>
                <summary>
                    <img
                        src={photo_src(photo)}
                        alt={photo_alt(p)}
                        width={PHOTO_WIDTH.to_string()}
                        height={PHOTO_HEIGHT.to_string()}
                        decoding="async"
                    />
                    <span class="photo-open">{ wording::PHOTO_OPEN }</span>
                    <span class="photo-close">{ wording::PHOTO_CLOSE }</span>
                </summary>
            </details>
            <figcaption>{ photo_caption(photo) }</figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    fn product(id: &str) -> &'static Product {
        catalog().product(id).expect(id)
    }

    #[test]
    fn the_photo_is_credited_and_dated() {
        let p = product("teva-4097-tv");
        assert_eq!(
            photo_caption(&p.photos[0]),
            wording::photo_caption("U.S. National Library of Medicine", "2012")
        );
        assert_eq!(
            photo_src(&p.photos[0]),
            "photos/00172-4097-60_NLMIMAGE10_7B26BDE5.webp"
        );
    }

    #[test]
    fn the_text_alternative_says_what_is_printed_on_each_face() {
        let lines = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let faces = |front: &[&str], front_scored: bool, back: &[&str]| {
            (lines(front), front_scored, lines(back))
        };
        // The score line where a source places it; where none does (LCI
        // 1337), on no face, but said.
        for (id, (front, front_scored, back), unknown) in [
            ("teva-4097-tv", faces(&["TV"], true, &["4097"]), false),
            (
                "chartwell-lci-1330",
                faces(&["LCI", "1330"], true, &[]),
                false,
            ),
            (
                "chartwell-lci-1337",
                faces(&["LCI", "1337"], false, &[]),
                true,
            ),
        ] {
            assert_eq!(
                photo_alt(product(id)),
                wording::photo_alt([(&front, front_scored), (&back, false)], unknown, false),
                "{id}"
            );
        }
        let logo = product("teva-4097-z");
        assert!(logo.logo);
        assert_ne!(
            photo_alt(logo),
            photo_alt(&Product {
                logo: false,
                ..logo.clone()
            })
        );
    }

    #[test]
    fn every_photo_is_served_from_the_page_s_own_folder() {
        for p in &catalog().products {
            for photo in &p.photos {
                let src = photo_src(photo);
                assert!(src.starts_with("photos/") && !src.contains(".."), "{src}");
            }
        }
    }
}
