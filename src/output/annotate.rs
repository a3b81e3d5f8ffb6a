//! Every dataset is written with the `units` and `description` of its row in the schema
//! table ([`super::schema`]), and in debug builds every dataset and attribute written is
//! checked against its row (type and rank): a name missing from the table, or written with
//! another type or rank, fails loudly in the tests instead of drifting from the contract.

use hdf5::types::{FloatSize, IntSize, TypeDescriptor, VarLenUnicode};
use hdf5::H5Type;

use super::schema::{self as s, Dtype, Kind};
use super::writer::text;

/// `path` split into the parent's path and the last name (`/a/b` → (`/a`, `b`)).
fn split(path: &str) -> (&str, &str) {
    match path.rsplit_once('/') {
        Some(("", name)) => ("/", name),
        Some((parent, name)) => (parent, name),
        None => ("/", path),
    }
}

fn type_matches(dtype: Dtype, found: &TypeDescriptor) -> bool {
    match dtype {
        Dtype::None => false,
        Dtype::F64 => *found == TypeDescriptor::Float(FloatSize::U8),
        Dtype::U64 => *found == TypeDescriptor::Unsigned(IntSize::U8),
        Dtype::U8 => *found == TypeDescriptor::Unsigned(IntSize::U1),
        Dtype::Str => matches!(found, TypeDescriptor::VarLenUnicode),
    }
}

/// Debug builds: panics unless the table has a `kind` row for `name` in `parent`, of the
/// type `found` and rank `rank`.
fn check(kind: Kind, parent: &str, name: &str, found: &TypeDescriptor, rank: usize) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Some(e) = s::find(kind, parent, name) else {
        panic!(
            "{parent} {name}: a {} missing from the schema table (src/output/schema)",
            kind.name()
        );
    };
    assert!(
        type_matches(e.dtype, found) && e.shape.len() == rank,
        "{}: written as {found} of rank {rank}, the schema table says {} of shape {:?}",
        e.path(),
        e.dtype.name(),
        e.shape
    );
}

/// Debug check of an attribute about to be written as `T` with `rank` dimensions.
pub(super) fn check_attr<T: H5Type>(loc: &hdf5::Location, name: &str, rank: usize) {
    if cfg!(debug_assertions) {
        check(Kind::Attribute, &loc.name(), name, &T::type_descriptor(), rank);
    }
}

/// Writes the `units` and `description` of `ds`'s row; debug builds check its type and rank.
pub(super) fn describe(ds: &hdf5::Dataset) -> hdf5::Result<()> {
    let path = ds.name();
    let (parent, name) = split(&path);
    if cfg!(debug_assertions) {
        check(Kind::Dataset, parent, name, &ds.dtype()?.to_descriptor()?, ds.ndim());
    }
    let (units, description) = match s::find(Kind::Dataset, parent, name) {
        Some(e) => (e.units, e.description),
        None => ("", "not described in agglo's schema table"),
    };
    for (attr, value) in [(s::UNITS, units), (s::DESCRIPTION, description)] {
        ds.new_attr::<VarLenUnicode>()
            .create(attr)?
            .write_scalar(&text(value))?;
    }
    Ok(())
}

/// Writes `data` as the dataset `name` of `group`, with its units and description.
pub(super) fn put<'d, A, T, D>(group: &hdf5::Group, name: &str, data: A) -> hdf5::Result<hdf5::Dataset>
where
    A: Into<ndarray::ArrayView<'d, T, D>>,
    T: H5Type + 'd,
    D: ndarray::Dimension,
{
    let ds = group.new_dataset_builder().with_data(data).create(name)?;
    describe(&ds)?;
    Ok(ds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_at_the_last_slash() {
        assert_eq!(split("/equilibria/0/share"), ("/equilibria/0", "share"));
        assert_eq!(split("/geography"), ("/", "geography"));
    }

    #[test]
    fn types_match_their_hdf5_descriptors() {
        assert!(type_matches(Dtype::F64, &f64::type_descriptor()));
        assert!(type_matches(Dtype::U8, &u8::type_descriptor()));
        assert!(type_matches(Dtype::U64, &u64::type_descriptor()));
        assert!(type_matches(Dtype::Str, &VarLenUnicode::type_descriptor()));
        assert!(!type_matches(Dtype::F64, &u64::type_descriptor()));
        assert!(!type_matches(Dtype::U8, &u64::type_descriptor()));
    }
}
