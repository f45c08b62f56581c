//! hinterland-io (work in progress).
