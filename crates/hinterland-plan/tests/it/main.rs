//! Integration tests of the planner: fixtures with hand-computed optima, the WFP Syria
//! validation case, property tests, and the verifier catching broken plans.

mod allocation;
mod bases;
mod face;
mod fixtures;
mod mali;
mod properties;
mod support;
mod syria;
mod timing;
mod variants;
mod verify;
