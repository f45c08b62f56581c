//! "Did you mean ...?" suggestions for misspelt ids, columns and values.

/// The candidate closest to `target` by edit distance, if it is close enough to be a
/// plausible typo. Called only when a diagnostic is made, never per valid row.
pub(crate) fn closest<'a>(target: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = target.chars().count();
    let limit = (length / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        // The distance is at least the difference in length: a 10 MB value is compared
        // with no id (the edit distance would take minutes).
        if candidate == target || candidate.chars().count().abs_diff(length) > limit {
            continue;
        }
        let distance =
            if candidate.eq_ignore_ascii_case(target) { 0 } else { edit_distance(target, candidate) };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(closest("bamakoo", ["bamako", "mopti"]), Some("bamako"));
        assert_eq!(closest("District", ["port", "district"]), Some("district"));
        assert_eq!(closest("zzz", ["bamako", "mopti"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        // Issue 26: a 10 MB id took minutes to compare with every node.
        let long = "x".repeat(1_000_000);
        assert_eq!(closest(&long, ["bamako", "mopti"]), None);
    }
}
