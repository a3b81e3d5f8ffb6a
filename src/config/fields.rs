//! Numeric settings of the typed configuration, reachable by their key: what a family
//! (bifurcate, sweep, calibrate, wiggle) varies. Each raw table lists its numeric fields once
//! ([`numeric_fields!`]); a family sets them in place, with no text round trip.

use crate::error::{Error, Result};

/// A numeric field of a typed table.
pub enum Field<'a> {
    Real(&'a mut f64),
    /// A real setting that may be absent (then it cannot be varied).
    OptionalReal(&'a mut Option<f64>),
    Count(&'a mut usize),
    Seed(&'a mut u64),
}

impl Field<'_> {
    /// Whether the setting is present in the configuration.
    pub fn present(&self) -> bool {
        !matches!(self, Field::OptionalReal(None))
    }

    /// Whether it holds a whole number.
    pub fn integer(&self) -> bool {
        matches!(self, Field::Count(_) | Field::Seed(_))
    }

    /// Sets the field to `value`; `key` names it in errors.
    pub fn set(self, key: &str, value: f64) -> Result<()> {
        let whole = || -> Result<u64> {
            if value.is_finite() && value >= 0.0 && value.fract() == 0.0 && value <= u64::MAX as f64 {
                Ok(value as u64)
            } else {
                Err(Error::invalid(key, value, "holds a whole number >= 0"))
            }
        };
        match self {
            Field::Real(f) => *f = value,
            Field::OptionalReal(f) => *f = Some(value),
            Field::Count(c) => *c = whole()? as usize,
            Field::Seed(s) => *s = whole()?,
        }
        Ok(())
    }
}

impl<'a> From<&'a mut f64> for Field<'a> {
    fn from(f: &'a mut f64) -> Self {
        Field::Real(f)
    }
}
impl<'a> From<&'a mut Option<f64>> for Field<'a> {
    fn from(f: &'a mut Option<f64>) -> Self {
        Field::OptionalReal(f)
    }
}
impl<'a> From<&'a mut usize> for Field<'a> {
    fn from(f: &'a mut usize) -> Self {
        Field::Count(f)
    }
}
impl<'a> From<&'a mut u64> for Field<'a> {
    fn from(f: &'a mut u64) -> Self {
        Field::Seed(f)
    }
}

/// A typed table whose numeric settings can be set by name (the key without its section).
pub trait NumericFields {
    /// The numeric field named `name` (kebab-case), if there is one.
    fn field(&mut self, name: &str) -> Option<Field<'_>>;
}

/// Implements [`NumericFields`] for a struct: `numeric_fields!(T { "key" => field, ... })`.
#[macro_export]
#[doc(hidden)]
macro_rules! numeric_fields {
    ($ty:ty { $($key:literal => $field:ident),* $(,)? }) => {
        impl $crate::config::fields::NumericFields for $ty {
            fn field(&mut self, name: &str) -> Option<$crate::config::fields::Field<'_>> {
                match name {
                    $($key => Some((&mut self.$field).into()),)*
                    _ => None,
                }
            }
        }
    };
}
pub use numeric_fields;

#[cfg(test)]
mod tests {
    use super::*;

    struct T {
        a: f64,
        n: usize,
        o: Option<f64>,
    }
    numeric_fields!(T { "a" => a, "n" => n, "o" => o });

    #[test]
    fn fields_are_set_by_name_and_whole_numbers_checked() {
        let mut t = T { a: 1.0, n: 2, o: None };
        t.field("a").unwrap().set("x.a", 0.5).unwrap();
        t.field("n").unwrap().set("x.n", 7.0).unwrap();
        assert!(!t.field("o").unwrap().present());
        assert!(t.field("n").unwrap().integer());
        let e = t.field("n").unwrap().set("x.n", 7.5).unwrap_err().to_string();
        assert!(e.contains("x.n") && e.contains("whole"), "{e}");
        assert!(t.field("nope").is_none());
        assert_eq!((t.a, t.n), (0.5, 7));
        t.field("o").unwrap().set("x.o", 2.0).unwrap();
        assert_eq!(t.o, Some(2.0));
    }
}
