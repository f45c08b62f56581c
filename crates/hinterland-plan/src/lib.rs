//! hinterland-plan (work in progress).
