//! Phase 4: request builders, as token streams: one module per node of the URL tree.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::doc_attrs;
use crate::emit::enums::string_enum_items;
use crate::emit::models::rust_type_in;
use crate::ir::{Body, Operation, Options, Parameter, ParameterType, Resource, ResponseShape, Segment, Type};
use crate::names::ident;

/// `src/requests/mod.rs`: the modules, the client's entry points and the option enums.
pub fn requests_mod(resources: &[Resource], options: &[Options]) -> TokenStream {
    let mut modules = Vec::new();
    collect_modules(resources, &mut modules);
    let mods = modules.iter().map(|m| ident(m));
    let uses = modules.iter().map(|m| {
        let m = ident(m);
        quote! { pub use #m::*; }
    });
    let entries =
        resources.iter().map(|r| navigation(r, quote! {}, quote! { self }, quote! { String::new() }, quote! { None }));
    let options = options.iter().map(|o| string_enum_items(o, false));
    quote! {
        //! Request builders, one module per segment of the URL tree, reached from [`Client`].
        #(mod #mods;)*
        #(#uses)*

        use crate::runtime::Client;

        impl Client {
            #(#entries)*
        }

        #(#options)*
    }
}

fn collect_modules(resources: &[Resource], out: &mut Vec<String>) {
    for resource in resources {
        out.push(resource.module.clone());
        collect_modules(&resource.children, out);
    }
}

/// The method that leads from a parent (`client` is how it reaches the client) to `resource`.
fn navigation(
    resource: &Resource,
    scope: TokenStream,
    client: TokenStream,
    path: TokenStream,
    problem: TokenStream,
) -> TokenStream {
    let name = ident(&resource.name);
    let name = quote! { #scope #name };
    let method = ident(&resource.method);
    let doc = format!(" Requests under `{}`.", resource.template);
    match &resource.segment {
        Segment::Literal(text) => {
            let literal = format!("/{text}");
            quote! {
                #[doc = #doc]
                pub fn #method(&self) -> #name {
                    #name { client: #client.clone(), path: #path + #literal, problem: #problem }
                }
            }
        }
        Segment::Key(key) => {
            let doc_key = format!(
                " The key `{key}` is percent-encoded; `.`, `..` and empty keys are refused when the request is built."
            );
            quote! {
                #[doc = #doc]
                #[doc = ""]
                #[doc = #doc_key]
                pub fn #method(&self, key: impl AsRef<str>) -> #name {
                    let mut path = #path;
                    let mut problem = #problem;
                    crate::runtime::push_segment(&mut path, key.as_ref(), &mut problem);
                    #name { client: #client.clone(), path, problem }
                }
            }
        }
    }
}

/// The module of one node: its struct, the methods to its children and its operations.
pub fn resource_module(resource: &Resource, error: &Type) -> TokenStream {
    let name = ident(&resource.name);
    let header = format!(" Requests under `{}`.", resource.template);
    let children = resource.children.iter().map(|child| {
        navigation(
            child,
            quote! { super:: },
            quote! { self.client },
            quote! { self.path.clone() },
            quote! { self.problem.clone() },
        )
    });
    let starters = resource.operations.iter().map(starter);
    let builders = resource.operations.iter().map(|op| builder(op, error));
    quote! {
        #![doc = #header]
        use crate::runtime::Client;

        #[doc = #header]
        #[derive(Debug, Clone)]
        pub struct #name {
            pub(crate) client: Client,
            pub(crate) path: String,
            pub(crate) problem: Option<String>,
        }

        impl #name {
            #(#children)*
            #(#starters)*
        }

        #(#builders)*
    }
}

/// The method on a node that starts an operation.
fn starter(operation: &Operation) -> TokenStream {
    let method = ident(&operation.method_name);
    let builder = ident(&operation.builder);
    let http_method = ident(&operation.http_method);
    // The full description is on the builder; the method names the operation and links to it.
    let summary = operation.doc.as_deref().and_then(|d| d.lines().next()).unwrap_or(&operation.http_method);
    let summary = doc_attrs(Some(summary));
    let link = format!(" See [`{}`].", operation.builder);
    let doc = quote! { #summary #[doc = ""] #[doc = #link] };
    let path = match &operation.segment {
        Some(segment) => {
            let literal = format!("/{segment}");
            quote! { self.path.clone() + #literal }
        }
        None => quote! { self.path.clone() },
    };
    let (argument, set_body) = match &operation.body {
        None => (None, None),
        Some(Body::Json(ty)) => {
            let ty = rust_type_in(ty, quote! { crate::models });
            (Some(quote! { body: &#ty }), Some(quote! { parts.json(body); }))
        }
        Some(Body::Bytes) => (Some(quote! { body: impl Into<Vec<u8>> }), Some(quote! { parts.bytes(body.into()); })),
    };
    let new_parts = quote! {
        crate::runtime::RequestParts::new(http::Method::#http_method, #path).with_problem(self.problem.clone())
    };
    let parts = match set_body {
        Some(set_body) => quote! { let mut parts = #new_parts; #set_body },
        None => quote! { let parts = #new_parts; },
    };
    quote! {
        #doc
        pub fn #method(&self, #argument) -> #builder {
            #parts
            #builder { client: self.client.clone(), parts }
        }
    }
}

fn builder(operation: &Operation, error: &Type) -> TokenStream {
    let name = ident(&operation.builder);
    let doc = doc_attrs(operation.doc.as_deref());
    let setters =
        operation.query.iter().map(|p| setter(p, false)).chain(operation.headers.iter().map(|p| setter(p, true)));
    let error_ty = rust_type_in(error, quote! { crate::models });
    let (body_ty, read) = match &operation.response {
        ResponseShape::Empty => (quote! { () }, quote! { crate::runtime::empty(raw) }),
        ResponseShape::Bytes => (quote! { Vec<u8> }, quote! { crate::runtime::bytes(raw) }),
        ResponseShape::Json(ty) => (rust_type_in(ty, quote! { crate::models }), quote! { crate::runtime::json(raw) }),
        ResponseShape::JsonOrEmpty(ty) => {
            let ty = rust_type_in(ty, quote! { crate::models });
            (quote! { Option<#ty> }, quote! { crate::runtime::json_or_empty(raw) })
        }
    };
    let pages = operation.paged.then(|| {
        quote! {
            /// Every page of the collection, following `@odata.nextLink` from this request on.
            #[cfg(feature = "reqwest")]
            pub fn pages(self) -> crate::runtime::Pages<#body_ty, #error_ty> {
                crate::runtime::Pages::new(self.client, self.parts)
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is built or sent"]
        pub struct #name {
            client: Client,
            parts: crate::runtime::RequestParts,
        }

        impl #name {
            #(#setters)*

            /// The request as `http::Request`, for any HTTP client; it carries the token
            /// given to [`Client::bearer_token`], not one from a token callback.
            pub fn build(&self) -> Result<http::Request<Vec<u8>>, crate::Error> {
                self.parts.build(&self.client)
            }

            /// Sends the request, retrying throttled attempts as the client's policy allows.
            #[cfg(feature = "reqwest")]
            pub async fn send(self) -> Result<crate::runtime::Response<#body_ty>, crate::Error> {
                let raw = crate::runtime::transport::execute(&self.client, &self.parts).await?;
                #read
            }

            #pages
        }
    }
}

fn setter(parameter: &Parameter, header: bool) -> TokenStream {
    let method = ident(&parameter.rust_name);
    let doc = doc_attrs(parameter.doc.as_deref());
    let name = &parameter.name;
    let (argument, value) = match &parameter.ty {
        ParameterType::String => (quote! { value: impl Into<String> }, quote! { value.into() }),
        ParameterType::Boolean => (quote! { value: bool }, quote! { value.to_string() }),
        ParameterType::Integer(ty) => {
            let ty = rust_type_in(ty, quote! { crate::models });
            (quote! { value: #ty }, quote! { value.to_string() })
        }
        ParameterType::Enum(options) => {
            let options = ident(options);
            (quote! { value: impl Into<super::#options> }, quote! { value.into().as_ref().to_owned() })
        }
        ParameterType::EnumList(options) => {
            let options = ident(options);
            (
                quote! { values: impl IntoIterator<Item = impl Into<super::#options>> },
                quote! { crate::runtime::join(values.into_iter().map(Into::into)) },
            )
        }
        ParameterType::StringList => {
            (quote! { values: impl IntoIterator<Item = impl AsRef<str>> }, quote! { crate::runtime::join(values) })
        }
    };
    let set = if header {
        let lower = name.to_ascii_lowercase();
        quote! { self.parts.header(http::header::HeaderName::from_static(#lower), #value); }
    } else {
        quote! { self.parts.query(#name, #value); }
    };
    quote! {
        #doc
        pub fn #method(mut self, #argument) -> Self {
            #set
            self
        }
    }
}
