//! The embedded font: DejaVu Sans (licence in `DejaVuSans-LICENSE.txt`), registered with
//! plotters' ab_glyph text renderer so that figures need no system fonts at run time.

use std::sync::Once;

use plotters::style::{register_font, FontStyle};

/// DejaVu Sans 2.37 from Debian's fonts-dejavu-core.
static DEJAVU_SANS: &[u8] = include_bytes!("DejaVuSans.ttf");

/// The family every text style of the figures names.
pub const FAMILY: &str = "sans-serif";

/// Registers the embedded font under the generic family names plotters uses (idempotent).
pub fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for family in [FAMILY, "serif", "monospace"] {
            // The bytes are a fixed, valid TrueType file compiled into the binary.
            assert!(
                register_font(family, FontStyle::Normal, DEJAVU_SANS).is_ok(),
                "embedded DejaVu Sans is valid"
            );
        }
    });
}
