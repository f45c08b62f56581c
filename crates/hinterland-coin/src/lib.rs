//! Safe bindings to COIN-OR Clp and Cbc (work in progress).
