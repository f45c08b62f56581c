//! The page in a real browser (placeholder until the end-to-end test lands).
