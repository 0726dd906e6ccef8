//! Phase 4: how each operation's answer is read: the reader it names, the enum of an answer
//! whose body depends on its status, and the builder methods that ask for its other forms.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use crate::docs::doc_attrs;
use crate::emit::models::rust_type_in;
use crate::ir::{MediaKind, Operation, ResponseShape, StatusVariant, Type};
use crate::names::ident;

/// The output type of an answer, the reader that reads it (`Self` where the marker reads it
/// itself), and the marker's own reader impl where it does.
pub fn reader(
    shape: &ResponseShape,
    marker: &proc_macro2::Ident,
    error_ty: &TokenStream,
    gate: &TokenStream,
) -> (TokenStream, TokenStream, Option<TokenStream>) {
    let (body_ty, read) = reading(shape, error_ty);
    // A shared reader serves every shape but one: an answer whose type depends on the
    // status is read by the operation's own code.
    match read {
        Reading::Shared(reader) => (body_ty, reader, None),
        Reading::Own(read) => {
            let own = quote! {
                #gate
                impl crate::request::Reader<#body_ty> for #marker {
                    // Inline, so that reading (serde's code for the body types) is compiled
                    // only in programs that call it, not in every build of this crate.
                    #[inline]
                    fn read(raw: http::Response<Vec<u8>>) -> Result<crate::runtime::Response<#body_ty>, crate::Error> {
                        #read
                    }
                }
            };
            (body_ty, quote! { Self }, Some(own))
        }
    }
}

/// The other forms of an operation's answer: for each, an operation type, and the method
/// of the builder `builder` that turns a request into one that asks for it.
pub fn answers(
    operation: &Operation,
    builder: &proc_macro2::Ident,
    security: Option<&TokenStream>,
    gate: &TokenStream,
) -> Option<TokenStream> {
    if operation.answers.is_empty() {
        return None;
    }
    let mut methods = Vec::new();
    let mut markers = Vec::new();
    for answer in &operation.answers {
        let marker = ident(&answer.marker);
        let method = ident(&answer.method);
        // Lowering offers no answer read by status, so every answer has a shared reader.
        let Ok((body_ty, reader, _)) = shared_reading(&answer.response) else { continue };
        let reader = format_ident!("{reader}");
        let accept = &answer.accept;
        let what = match MediaKind::of(accept) {
            MediaKind::Json => "as JSON",
            MediaKind::Form | MediaKind::Multipart | MediaKind::Bytes => "as bytes",
            MediaKind::Text => "as text",
            MediaKind::Events => "as server-sent events, read as they arrive",
            MediaKind::Lines => "as one JSON value per line, read as they arrive",
        };
        let doc = format!(
            " The same request, asking for the answer {what} (`Accept: {accept}`). The service may \
             also need the request itself to ask for this form, as a body's `stream` flag does."
        );
        let marker_doc = format!(" The operation of [`{builder}::{method}`]: its answer {what}.");
        markers.push(operation_type(
            &marker,
            &marker_doc,
            &body_ty,
            &quote! { crate::request::#reader },
            security,
            gate,
        ));
        methods.push(quote! {
            #[doc = #doc]
            pub fn #method(self) -> crate::request::Request<#marker> {
                self.answered_as(#accept)
            }
        });
    }
    Some(quote! {
        #(#markers)*

        #gate
        impl #builder {
            #(#methods)*
        }
    })
}

/// An operation's type: a marker with no values, documented by `doc`, and how its answer,
/// a `body_ty`, is read.
pub fn operation_type(
    marker: &proc_macro2::Ident,
    doc: &str,
    body_ty: &TokenStream,
    reader: &TokenStream,
    security: Option<&TokenStream>,
    gate: &TokenStream,
) -> TokenStream {
    quote! {
        // No derives: the marker has no values, and `Request<O>` is `Clone` and `Debug`
        // without them; thousands of derived impls would only slow down compiling.
        #[doc = #doc]
        #gate
        pub enum #marker {}

        #gate
        impl crate::request::Operation for #marker {
            type Output = #body_ty;
            type Reader = #reader;
            #security
        }
    }
}

/// How an operation's response is read.
enum Reading {
    /// By one of the readers of the crate's `request` module, named by this path.
    Shared(TokenStream),
    /// By the operation's own code, this function body reading `raw`.
    Own(TokenStream),
}

/// The body type of a response and how it is read.
fn reading(shape: &ResponseShape, error_ty: &TokenStream) -> (TokenStream, Reading) {
    match shared_reading(shape) {
        Ok((ty, reader, _)) => {
            let reader = format_ident!("{reader}");
            (ty, Reading::Shared(quote! { crate::request::#reader }))
        }
        Err((name, variants)) => {
            let name = ident(name);
            (quote! { #name }, Reading::Own(status_read(&name, variants, error_ty)))
        }
    }
}

/// The body of the function that reads a response whose type, the enum `name`, depends on
/// its status.
fn status_read(name: &proc_macro2::Ident, variants: &[StatusVariant], error_ty: &TokenStream) -> TokenStream {
    // Codes come before the range, which takes what they leave.
    let ordered = variants.iter().filter(|v| v.status.is_some()).chain(variants.iter().filter(|v| v.status.is_none()));
    let arms = ordered.map(|variant| {
        let pattern = match variant.status {
            Some(code) => proc_macro2::Literal::u16_unsuffixed(code).into_token_stream(),
            None => quote! { _ },
        };
        let constructor = ident(&variant.name);
        // Lowering makes a variant's body from one response, so it is never itself read by status.
        let Ok((_, _, Some(function))) = shared_reading(&variant.body) else {
            unreachable!("a status variant's body is one response's, and not a stream")
        };
        let function = format_ident!("{function}");
        let wrap = match &variant.body {
            ResponseShape::Empty => quote! { |()| #name::#constructor },
            _ => quote! { #name::#constructor },
        };
        // Called as a path: `Response` derefs to its body, so `r.map` of a body type not yet
        // inferred would be ambiguous.
        quote! { #pattern => crate::runtime::#function(raw).map(|r| crate::runtime::Response::map(r, #wrap)), }
    });
    // Without a `2XX` variant, a successful status the description does not list
    // is reported rather than read as one of the others.
    let other = variants.iter().all(|v| v.status.is_some()).then(|| {
        quote! { _ => Err(crate::runtime::undocumented_status(raw)), }
    });
    quote! {
        let raw = crate::runtime::check_status::<#error_ty>(raw)?;
        match raw.status().as_u16() {
            #(#arms)*
            #other
        }
    }
}

/// How a shape every operation can read the same way is read: its body type, the `request`
/// module's reader, and the runtime function behind it (none for a stream).
type Shared = (TokenStream, &'static str, Option<&'static str>);

/// How a shape is read by a shared reader; or, for an answer read by status, its enum's name
/// and variants.
fn shared_reading(shape: &ResponseShape) -> Result<Shared, (&str, &[StatusVariant])> {
    let model = |ty: &Type| rust_type_in(ty, quote! { crate::models });
    Ok(match shape {
        ResponseShape::Empty => (quote! { () }, "Empty", Some("empty")),
        ResponseShape::Bytes => (quote! { Vec<u8> }, "Bytes", Some("bytes")),
        ResponseShape::Json(ty) => (model(ty), "Json", Some("json")),
        ResponseShape::Text(Type::String) => (quote! { String }, "Text", Some("text")),
        ResponseShape::Text(ty) => (model(ty), "TextValue", Some("text_value")),
        ResponseShape::JsonOrEmpty(ty) => {
            let ty = model(ty);
            (quote! { Option<#ty> }, "JsonOrEmpty", Some("json_or_empty"))
        }
        // Streams are read by their readers alone: no answer by status holds one.
        ResponseShape::Events(Type::String) => (quote! { crate::request::EventStream<String> }, "TextEvents", None),
        ResponseShape::Events(ty) => {
            let ty = model(ty);
            (quote! { crate::request::EventStream<#ty> }, "JsonEvents", None)
        }
        ResponseShape::Lines(ty) => {
            let ty = model(ty);
            (quote! { crate::request::JsonLines<#ty> }, "Lines", None)
        }
        ResponseShape::ByStatus { name, variants } => return Err((name, variants)),
    })
}

/// The enum of a response whose body depends on its status.
pub fn status_enum(shape: &ResponseShape) -> Option<TokenStream> {
    let ResponseShape::ByStatus { name, variants } = shape else { return None };
    let name = ident(name);
    let variants = variants.iter().map(|variant| {
        let doc = doc_attrs(variant.doc.as_deref());
        let constructor = ident(&variant.name);
        if variant.body == ResponseShape::Empty {
            quote! { #doc #constructor, }
        } else {
            let ty = reading(&variant.body, &quote! { _ }).0;
            quote! { #doc #constructor(#ty), }
        }
    });
    Some(quote! {
        /// The body of a successful response, which depends on its status.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    })
}
