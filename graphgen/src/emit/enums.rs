//! Phase 4: string enums that keep values the description does not list.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::doc_attrs;
use crate::emit::models::origin_doc;
use crate::ir::StringEnum;
use crate::names::ident;

/// The module of a string enum schema.
pub fn enum_module(string_enum: &StringEnum) -> TokenStream {
    let header = origin_doc(&string_enum.origin);
    let items = string_enum_items(string_enum, true, &quote! {});
    quote! {
        #![doc = #header]
        #items
    }
}

/// The enum, its conversions to and from text and, with `serde`, its JSON form, each
/// item with the attribute `gate` (a `#[cfg]`, or nothing).
///
/// Services add values over time; a value the description does not list becomes
/// `Other` (or `Unlisted`) with its text, so reading and writing it again loses nothing.
pub fn string_enum_items(string_enum: &StringEnum, serde: bool, gate: &TokenStream) -> TokenStream {
    let name = ident(&string_enum.name);
    let other = ident(&string_enum.other);
    let doc = match &string_enum.doc {
        Some(doc) => doc_attrs(Some(doc)),
        None => quote! { #[doc = " Values the description lists."] },
    };
    let variants = string_enum.values.iter().map(|(value, variant)| {
        let variant = ident(variant);
        let text = format!(" `{value}`");
        quote! { #[doc = #text] #variant, }
    });
    let to_str = string_enum.values.iter().map(|(value, variant)| {
        let variant = ident(variant);
        quote! { #name::#variant => #value, }
    });
    let from_str = string_enum.values.iter().map(|(value, variant)| {
        let variant = ident(variant);
        quote! { #value => #name::#variant, }
    });
    let serde_impls = serde.then(|| {
        quote! {
            #gate
            impl serde::Serialize for #name {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                    serializer.serialize_str(self.as_ref())
                }
            }

            #gate
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                    let text = crate::runtime::object::Key::deserialize(deserializer)?;
                    Ok(#name::from(text.as_str()))
                }
            }
        }
    });
    quote! {
        #doc
        #gate
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value the description does not list, kept as it is.
            #other(String),
        }

        #gate
        impl AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                match self {
                    #(#to_str)*
                    #name::#other(value) => value,
                }
            }
        }

        #gate
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => #name::#other(other.to_owned()),
                }
            }
        }

        #gate
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_ref())
            }
        }

        #serde_impls
    }
}
