// rustc sets no SONAME on a cdylib; give it one so C programs that link `-ltenflowers`
// record a stable name instead of a build path.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libtenflowers.so");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
