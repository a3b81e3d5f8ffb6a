//! The README's HDF5 layout section is the schema table (`agglo schema`), not a copy kept by
//! hand: this test fails when the two differ.

use std::path::Path;
use std::process::Command;

const BEGIN: &str = "<!-- BEGIN agglo schema";
const END: &str = "<!-- END agglo schema -->";

#[test]
fn readme_layout_section_is_the_schema_table() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find(BEGIN).expect("README.md has the BEGIN agglo schema marker");
    let body_start = start + readme[start..].find('\n').unwrap() + 1;
    let end = readme.find(END).expect("README.md has the END agglo schema marker");
    let in_readme = &readme[body_start..end];
    let o = Command::new(env!("CARGO_BIN_EXE_agglo"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(table.lines().count() > 150, "{table}");
    assert!(
        in_readme == table,
        "README.md's layout section differs from `agglo schema`: replace the lines between the \
         markers with the output of `cargo run -q -- schema`"
    );
}
