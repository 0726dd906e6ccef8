//! Phase 4: the struct of a `multipart/form-data` body, whose fields become its parts.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::doc_attrs;
use crate::emit::models::rust_type_in;
use crate::ir::{FormParts, PartKind};
use crate::names::ident;

/// The struct, its constructor taking the required fields, and its conversion into the
/// runtime's `Multipart`: a part per field, in the schema's order, and none for a field left
/// empty.
pub fn form_struct(form: &FormParts, builder: &str, gate: &TokenStream) -> TokenStream {
    let name = ident(&form.name);
    let doc = match form.doc.as_deref() {
        Some(doc) => doc_attrs(Some(doc)),
        None => {
            let doc = format!(" The parts of the `multipart/form-data` body of [`{builder}`].");
            quote! { #[doc = #doc] }
        }
    };
    let mut fields = Vec::new();
    let mut params = Vec::new();
    let mut values = Vec::new();
    let mut parts = Vec::new();
    for field in &form.fields {
        let rust_name = ident(&field.rust_name);
        let part = &field.name;
        let field_doc = doc_attrs(field.doc.as_deref());
        let upload = quote! { crate::runtime::Upload };
        // How a value, the field's or the one an optional field holds, becomes parts.
        let add = |value: TokenStream| match &field.kind {
            PartKind::File => quote! { parts.upload(#part, #value); },
            PartKind::Files => quote! { for upload in #value { parts.upload(#part, upload); } },
            PartKind::Json(_) => quote! { parts.json(#part, &#value); },
            PartKind::Value(_) => quote! { parts.field(#part, &#value); },
        };
        let ty = match &field.kind {
            PartKind::File => upload.clone(),
            PartKind::Files => quote! { Vec<#upload> },
            PartKind::Value(ty) | PartKind::Json(ty) => rust_type_in(ty, quote! { crate::models }),
        };
        // A list of files is empty when there are none, required or not.
        if let PartKind::Files = field.kind {
            fields.push(quote! { #field_doc pub #rust_name: #ty, });
            values.push(quote! { #rust_name: Vec::new(), });
            parts.push(add(quote! { form.#rust_name }));
        } else if field.required {
            fields.push(quote! { #field_doc pub #rust_name: #ty, });
            params.push(quote! { #rust_name: impl Into<#ty> });
            values.push(quote! { #rust_name: #rust_name.into(), });
            parts.push(add(quote! { form.#rust_name }));
        } else {
            fields.push(quote! { #field_doc pub #rust_name: Option<#ty>, });
            values.push(quote! { #rust_name: None, });
            let add = add(quote! { value });
            parts.push(quote! { if let Some(value) = form.#rust_name { #add } });
        }
    }
    let lints = (params.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let form_name = &form.name;
    let new_doc = format!(" A `{form_name}` with its required fields; every other field is left out.");
    let from_doc = format!(" A part for each field of a `{form_name}` that is not left out, in the schema's order.");
    // A form with no required field is every field left out: its `Default`.
    let (derives, constructor) = if params.is_empty() {
        (quote! { #[derive(Debug, Clone, Default)] }, quote! {})
    } else {
        let constructor = quote! {
            #gate
            impl #name {
                #[doc = #new_doc]
                #lints
                pub fn new(#(#params),*) -> Self {
                    #name { #(#values)* }
                }
            }
        };
        (quote! { #[derive(Debug, Clone)] }, constructor)
    };
    // A schema of no properties is a form of no parts.
    let from = if parts.is_empty() {
        quote! { fn from(_: #name) -> Self { crate::runtime::Multipart::new() } }
    } else {
        quote! {
            fn from(form: #name) -> Self {
                let mut parts = crate::runtime::Multipart::new();
                #(#parts)*
                parts
            }
        }
    };
    quote! {
        #doc
        #gate
        #derives
        pub struct #name {
            #(#fields)*
        }

        #constructor

        #gate
        impl From<#name> for crate::runtime::Multipart {
            #[doc = #from_doc]
            #from

        }
    }
}
