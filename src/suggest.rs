//! Nearest-name suggestions for typos.

/// Returns the candidate closest to `name`, if one is close enough to be a likely typo.
pub fn nearest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = name.to_lowercase();
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        let distance = strsim::levenshtein(&wanted, &candidate.to_lowercase());
        if best.is_none_or(|(_, d)| distance < d) {
            best = Some((candidate, distance));
        }
    }
    let (candidate, distance) = best?;
    let allowed = (wanted.chars().count() / 3).max(2);
    (distance <= allowed).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn nearest_finds_close_typo() {
        let keys = ["subnets", "address_space", "dns_servers"];
        assert_eq!(nearest("subnetz", keys), Some("subnets"));
        assert_eq!(nearest("adress_space", keys), Some("address_space"));
    }

    #[test]
    fn nearest_rejects_unrelated_name() {
        assert_eq!(nearest("color", ["subnets", "region"]), None);
    }
}
