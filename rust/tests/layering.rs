//! The crate's layers, checked from the source: a module may use modules of its own layer and
//! of the layers below it, never above. Bottom to top:
//!
//! data model (error, dtype, layout, storage, tensor) < runtime (team, threads, device) <
//! kernels < op (the op description and dispatch) < autograd < features (nn, optim,
//! serialize, graph, ...) < capi.
//!
//! The one allowed back-edge: `tensor` holds an `autograd::AutogradMeta`. And every exported
//! C function (`#[no_mangle]`) is in `capi/`.
//!
//! Test modules (`#[cfg(test)]` to the end of a file) are not checked: a kernel's test may build
//! its inputs with anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const LAYERS: &[(&str, &[&str])] = &[
    ("data model", &["error", "dtype", "layout", "storage", "tensor", "with_dtype"]),
    ("runtime", &["runtime"]),
    ("kernels", &["kernels"]),
    ("op", &["op"]),
    ("autograd", &["autograd"]),
    ("features", &["nn", "optim", "serialize", "interop", "graph", "export", "dist", "linalg", "fft"]),
    ("capi", &["capi"]),
];

const ALLOWED: &[(&str, &str)] = &[("tensor", "autograd")];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comments and without its test module.
fn code_of(source: &str) -> String {
    let body = match source.find("#[cfg(test)]") {
        Some(i) => &source[..i],
        None => source,
    };
    body.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file belongs to (`kernels/reduce/mod.rs` -> `kernels`, `tensor.rs` -> `tensor`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy().to_string();
    first.trim_end_matches(".rs").to_string()
}

/// How deep the module of a file is: `tensor.rs` and `kernels/mod.rs` are 1, `kernels/sort.rs` is 2.
fn depth_of(src: &Path, file: &Path) -> usize {
    let rel = file.strip_prefix(src).unwrap();
    let n = rel.components().count();
    if rel.file_name().is_some_and(|f| f == "mod.rs") {
        n - 1
    } else {
        n
    }
}

/// Every top-level module the code refers to: `crate::name`, or `super::name` climbing to the
/// crate root (`super::capi` in `layout.rs`) from a module `depth` deep.
fn crate_refs(code: &str, depth: usize) -> Vec<String> {
    let mut refs = Vec::new();
    let bytes = code.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < code.len() {
        let at_word = i == 0 || !(ident(bytes[i - 1]) || bytes[i - 1] == b'$' || bytes[i - 1] == b':');
        let rest = &code[i..];
        if at_word && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let mut j = i;
            let mut level = depth;
            let rooted = if code[j..].starts_with("crate::") {
                j += "crate::".len();
                true
            } else {
                while code[j..].starts_with("super::") {
                    j += "super::".len();
                    level = level.saturating_sub(1);
                }
                level == 0
            };
            let name: String = code[j..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if rooted && !name.is_empty() {
                refs.push(name);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    refs
}

#[test]
fn modules_only_use_their_own_layer_and_the_layers_below() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut violations = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            violations.push(format!("{}: module `{module}` is in no layer (add it to LAYERS)", file.display()));
            continue;
        };
        *seen.entry(module.clone()).or_default() += 1;
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for used in crate_refs(&code, depth_of(&src, file)) {
            let Some(theirs) = layer_of(&used) else {
                violations.push(format!("{}: uses `crate::{used}`, which is in no layer", file.display()));
                continue;
            };
            if theirs > own && !ALLOWED.contains(&(module.as_str(), used.as_str())) {
                violations.push(format!(
                    "{}: {} module `{module}` uses `crate::{used}` of the {} layer above it",
                    file.display(),
                    LAYERS[own].0,
                    LAYERS[theirs].0
                ));
            }
        }
        if module != "capi" && code.contains("#[no_mangle]") {
            violations.push(format!("{}: exports a C function outside capi/", file.display()));
        }
    }
    assert!(seen.contains_key("tensor") && seen.contains_key("capi") && seen.contains_key("kernels"), "{seen:?}");
    assert!(violations.is_empty(), "layering violations:\n{}", violations.join("\n"));
}

#[test]
fn the_checker_sees_a_violation() {
    let code = code_of("use crate::capi::types::X; // crate::ops in a comment\n#[cfg(test)]\nuse crate::autograd;");
    assert_eq!(crate_refs(&code, 1), vec!["capi".to_string()]);
    // `super::` from a top-level file is the crate root; from a nested one, its parent module.
    assert_eq!(crate_refs("use super::capi::types::TF_MAX_DIMS;", 1), vec!["capi".to_string()]);
    assert!(crate_refs("use super::arith::Arith;", 2).is_empty());
    assert_eq!(crate_refs("use super::super::capi;", 2), vec!["capi".to_string()]);
    assert!(layer_of("capi").unwrap() > layer_of("layout").unwrap());
}
