//! Phase 4: the `#[cfg]` attributes that compile a type, node or operation only with the
//! cargo features of the areas that reach it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Gate};

/// The `#[cfg]` that compiles an item only with its features, or nothing when it is
/// always compiled.
pub fn gate_attr(gate: Option<&Gate>) -> TokenStream {
    match gate {
        None => quote! {},
        Some(Gate::Full) => quote! { #[cfg(feature = "full")] },
        Some(Gate::Areas(features)) => match &features[..] {
            [one] => quote! { #[cfg(feature = #one)] },
            many => quote! { #[cfg(any(#(feature = #many),*))] },
        },
    }
}

/// The gate of the type at `path`, if the crate has features.
pub fn type_gate<'a>(api: &'a Api, path: &str) -> Option<&'a Gate> {
    api.features.as_ref()?.types.get(path)
}

