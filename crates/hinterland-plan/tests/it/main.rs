//! Integration tests of the planner: fixtures with hand-computed optima, the WFP Syria
//! validation case, and property tests.

mod face;
mod fixtures;
mod mali;
mod properties;
mod support;
mod syria;
mod variants;
