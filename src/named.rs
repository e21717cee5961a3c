//! Choices picked by name (activations, inits, losses, optimizers, targets): one macro gives each its
//! `Display` and `FromStr`, so menus, flags and error messages spell them the same way.

/// Implements `Display` (the name) and `FromStr` (a name back, or a sentence listing the valid ones) for an
/// enum that has an inherent `ALL` array and `name()`.
macro_rules! named_choice {
    ($ty:ty, $kind:literal) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$ty>::ALL
                    .into_iter()
                    .find(|v| v.name() == s)
                    .ok_or_else(|| {
                        let names: Vec<&str> = <$ty>::ALL.iter().map(|v| v.name()).collect();
                        format!(
                            concat!("unknown ", $kind, " '{}' (expected one of: {})"),
                            s,
                            names.join(", ")
                        )
                    })
            }
        }
    };
}

pub(crate) use named_choice;
