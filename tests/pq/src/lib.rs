//! Only its tests (`tests/`) exist: see the package description.
#![forbid(unsafe_code)]
