//! Phase 4: `oneOf`/`anyOf` types as enums with one variant per alternative.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::docs::doc_attrs;
use crate::emit::models::{article, origin_doc, rust_type, Imports};
use crate::ir::{Alternatives, Shape};
use crate::names::ident;

/// The module of one alternatives type.
pub fn alternatives_module(enumeration: &Alternatives) -> TokenStream {
    let mut imports = Imports { namespace: enumeration.namespace.clone(), ..Imports::default() };
    imports.runtime.insert("alternatives");
    let name = ident(&enumeration.name);
    let doc = match &enumeration.doc {
        Some(doc) => doc_attrs(Some(doc)),
        None => quote! { #[doc = " One of several types."] },
    };
    let payloads: Vec<TokenStream> = enumeration
        .variants
        .iter()
        .map(|variant| {
            let ty = rust_type(&variant.ty, &mut imports);
            if variant.boxed {
                quote! { Box<#ty> }
            } else {
                ty
            }
        })
        .collect();
    let decls = enumeration.variants.iter().zip(&payloads).map(|(variant, payload)| {
        // Floats are written as they were read (`5`, not `5.0`), through the runtime.
        let floats = (!variant.boxed && super::models::writes_floats(&variant.ty))
            .then(|| quote! { #[serde(serialize_with = "crate::runtime::write_floats")] });
        let variant = ident(&variant.name);
        quote! { #floats #variant(#payload), }
    });
    let shapes = enumeration.variants.iter().map(|variant| shape_tokens(&variant.shape));
    let arms = enumeration.variants.iter().zip(&payloads).enumerate().map(|(index, (variant, payload))| {
        let variant = ident(&variant.name);
        let index = Literal::usize_unsuffixed(index);
        quote! { #index => <#payload as serde::Deserialize>::deserialize(&value).map(#name::#variant), }
    });
    let tagged = match &enumeration.discriminator {
        Some((property, tags)) => {
            let tags = tags.iter().map(|(tag, index)| {
                let index = Literal::usize_unsuffixed(*index);
                quote! { (#tag, #index) }
            });
            quote! { alternatives::tagged(&value, #property, &[#(#tags),*]) }
        }
        None => quote! { None },
    };
    // An alternative whose type no other has converts into the enum, so a constructor's
    // `impl Into<Embeddings>` takes a `Vec<Vec<f32>>` as it is. A boxed one may hold the
    // enum itself, which `From<T> for T` already covers, so it has none.
    let spelled: Vec<String> = payloads.iter().map(ToString::to_string).collect();
    let conversions =
        enumeration.variants.iter().zip(&payloads).zip(&spelled).filter_map(|((variant, payload), text)| {
            if variant.boxed || spelled.iter().filter(|other| *other == text).count() > 1 {
                return None;
            }
            let variant = ident(&variant.name);
            Some(quote! {
                impl From<#payload> for #name {
                    fn from(value: #payload) -> Self {
                        #name::#variant(value)
                    }
                }
            })
        });
    let expecting = format!("{} {}", article(&enumeration.name), enumeration.name);
    let header = origin_doc(&enumeration.origin);
    // A type that refers to itself is already in scope.
    imports.models.remove(&enumeration.name);
    let uses = imports.tokens();
    quote! {
        #![doc = #header]
        #uses

        #doc
        #[derive(Debug, Clone, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#decls)*
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                const SHAPES: &[alternatives::Shape] = &[#(#shapes),*];
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let mut errors = Vec::new();
                for index in alternatives::order(&value, SHAPES, #tagged) {
                    let read = match index {
                        #(#arms)*
                        _ => continue,
                    };
                    match read {
                        Ok(read) => return Ok(read),
                        Err(error) => errors.push(error),
                    }
                }
                Err(alternatives::none_matched(#expecting, &errors))
            }
        }

        #(#conversions)*
    }
}

fn shape_tokens(shape: &Shape) -> TokenStream {
    match shape {
        Shape::Any => quote! { alternatives::Shape::Any },
        Shape::Boolean => quote! { alternatives::Shape::Boolean },
        Shape::Integer => quote! { alternatives::Shape::Integer },
        Shape::Number => quote! { alternatives::Shape::Number },
        Shape::Array => quote! { alternatives::Shape::Array },
        Shape::String(values) => quote! { alternatives::Shape::String(&[#(#values),*]) },
        Shape::Object { properties, required, closed } => quote! {
            alternatives::Shape::Object { properties: &[#(#properties),*], required: &[#(#required),*], closed: #closed }
        },
    }
}
