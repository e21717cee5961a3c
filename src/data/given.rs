//! Points given as they are (drawn on the plot, imported from a CSV file, read from a session), held once
//! and shared: the window's settings, every run's settings and every snapshot point at one allocation,
//! so up to 100 000 points are neither copied nor compared point by point as a slider moves.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::ops::Deref;
use std::sync::Arc;

/// See the module doc. Reads as a slice of `[x, y]`; files hold the plain list.
#[derive(Debug, Clone, Default)]
pub struct GivenPoints(Arc<[[f64; 2]]>);

impl Deref for GivenPoints {
    type Target = [[f64; 2]];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<Vec<[f64; 2]>> for GivenPoints {
    fn from(points: Vec<[f64; 2]>) -> Self {
        Self(points.into())
    }
}

impl PartialEq for GivenPoints {
    /// The same allocation is equal at once; two others are compared point by point.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0[..] == other.0[..]
    }
}

impl PartialEq<Vec<[f64; 2]>> for GivenPoints {
    fn eq(&self, other: &Vec<[f64; 2]>) -> bool {
        self.0[..] == other[..]
    }
}

impl Serialize for GivenPoints {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for GivenPoints {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<[f64; 2]>::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_share_one_allocation_and_files_hold_the_plain_list() {
        let points = GivenPoints::from(vec![[0.0, 1.0], [2.0, 3.5]]);
        let copy = points.clone();
        assert!(std::ptr::eq(points.as_ptr(), copy.as_ptr()));
        assert_eq!(copy, points);
        assert_eq!(points.len(), 2);
        let json = serde_json::to_string(&points).expect("writes");
        assert_eq!(json, "[[0.0,1.0],[2.0,3.5]]");
        let back: GivenPoints = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, points);
        assert_ne!(back, GivenPoints::from(vec![[0.0, 1.0]]));
    }
}
