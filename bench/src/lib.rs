//! What the two binaries of the benchmark share: the cases, each library configured for one and
//! driven with each side's calls timed, and the records, their JSON and their chart.
//! `stratls-bench` times them (`cargo xtask bench`); `stratls-memory` counts the heap a
//! connection holds, with a counting allocator of its own (`cargo xtask bench --memory`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cases;
pub mod chart;
pub mod contender;
pub mod record;
pub mod rustls_side;
pub mod stats;
pub mod stratls_side;
