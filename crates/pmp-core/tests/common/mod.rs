//! What the property tests share.

use std::cell::Cell;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Runs a property on `PROPTEST_CASES` cases (512 by default; no failure files) of
/// `strategy`. `test` says whether a case reached what the property is about (a request
/// built, a header parsed): at least half the cases must, so that the property is not
/// about refusals. Prints how many did, as `{n} of {cases} {reached}`.
pub fn run_counted<S: Strategy>(
    strategy: S,
    reached: &str,
    test: impl Fn(S::Value) -> Result<bool, TestCaseError>,
) {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(512);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let count = Cell::new(0u32);
    runner
        .run(&strategy, |value| {
            if test(value)? {
                count.set(count.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    eprintln!("{} of {cases} {reached}", count.get());
    assert!(
        count.get() * 2 >= cases,
        "only {} of {cases} {reached}",
        count.get()
    );
}
