//! Phase 4: request builders, as token streams: one module per node of the URL tree.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::docs::doc_attrs;
use crate::emit::enums::string_enum_items;
use crate::emit::gates::gate_attr;
use crate::emit::models::rust_type_in;
use crate::emit::responses;
use crate::ir::{
    Api, Body, Features, FormStyle, Gate, Operation, Parameter, ParameterType, Resource, Segment, TemplatePart, Type,
    WholeQuery,
};
use crate::names::ident;

/// `src/requests/mod.rs`: the modules, the client's entry points and the option enums.
pub fn requests_mod(api: &Api) -> TokenStream {
    let features = api.features.as_ref();
    // Each node's module, compiled with the areas of the operations below it.
    let mut modules = Vec::new();
    collect_modules(&api.resources, &mut modules);
    let node_gate = |name: &str| gate_attr(features.and_then(|f| f.resources.get(name)));
    let mods = modules.iter().map(|(m, name)| {
        let gate = node_gate(name);
        let m = ident(m);
        quote! { #gate mod #m; }
    });
    let uses = modules.iter().map(|(m, name)| {
        let gate = node_gate(name);
        let m = ident(m);
        quote! { #gate pub use #m::*; }
    });
    let entries = api.resources.iter().map(|r| {
        let gate = node_gate(&r.name);
        let method = navigation(r, quote! {}, Parent::Client);
        quote! { #gate #method }
    });
    let starters = api.root_operations.iter().map(|op| starter(op, Parent::Client));
    let builders = api.root_operations.iter().map(|op| builder(op, &api.error_type, &quote! {}));
    let options = api.options.iter().map(|o| {
        let gate = gate_attr(features.and_then(|f| f.options.get(&o.name)));
        string_enum_items(o, false, &gate)
    });
    quote! {
        //! Request builders, one module per segment of the URL tree, reached from [`Client`].
        #(#mods)*
        #(#uses)*

        use crate::Client;

        impl Client {
            #(#entries)*
            #(#starters)*
        }

        #(#builders)*

        #(#options)*
    }
}

/// The module and struct name of every node, parents first.
fn collect_modules<'a>(resources: &'a [Resource], out: &mut Vec<(&'a str, &'a str)>) {
    for resource in resources {
        out.push((&resource.module, &resource.name));
        collect_modules(&resource.children, out);
    }
}

/// Where the methods of the client, or of a node, stand in the URL tree.
#[derive(Clone, Copy, PartialEq)]
enum Parent {
    /// The client, which holds a `connection` and stands at the base URL.
    Client,
    /// A node, which holds its `at`.
    Node,
}

impl Parent {
    /// The parent's location, as an owned value.
    fn location(self) -> TokenStream {
        match self {
            Parent::Client => quote! { crate::runtime::Location::root(&self.connection, "") },
            Parent::Node => quote! { self.at.clone() },
        }
    }

    /// The parent's location, borrowed.
    fn borrowed(self) -> TokenStream {
        match self {
            Parent::Client => quote! { &crate::runtime::Location::root(&self.connection, "") },
            Parent::Node => quote! { &self.at },
        }
    }
}

/// The method that leads from a parent to `resource`.
fn navigation(resource: &Resource, scope: TokenStream, parent: Parent) -> TokenStream {
    let name = ident(&resource.name);
    let name = quote! { #scope #name };
    let method = ident(&resource.method);
    let allow = convention_allow(&resource.method, false);
    let doc = format!(" Requests under `{}`.", resource.template);
    match &resource.segment {
        Segment::Literal(text) => {
            let literal = format!("/{text}");
            let at = match parent {
                Parent::Client => quote! { crate::runtime::Location::root(&self.connection, #literal) },
                Parent::Node => quote! { self.at.child(#literal) },
            };
            quote! {
                #[doc = #doc]
                #allow
                pub fn #method(&self) -> #name {
                    #name { at: #at }
                }
            }
        }
        Segment::Template(parts) => {
            let arguments = parts.iter().filter_map(|part| match part {
                TemplatePart::Parameter(parameter) => {
                    let name = ident(&parameter.rust_name);
                    let ty = match &parameter.ty {
                        ParameterType::Integer(ty) => rust_type_in(ty, quote! { crate::models }),
                        ParameterType::Boolean => quote! { bool },
                        ParameterType::Enum(options) => {
                            let options = ident(options);
                            quote! { impl Into<crate::requests::#options> }
                        }
                        _ => quote! { impl AsRef<str> },
                    };
                    Some(quote! { #name: #ty })
                }
                TemplatePart::Literal(_) => None,
            });
            let pushes = parts.iter().map(|part| match part {
                TemplatePart::Literal(text) => match text.chars().collect::<Vec<_>>()[..] {
                    [single] => quote! { __path.push(#single); },
                    _ => quote! { __path.push_str(#text); },
                },
                TemplatePart::Parameter(parameter) => {
                    let name = ident(&parameter.rust_name);
                    let value = match &parameter.ty {
                        ParameterType::Integer(_) | ParameterType::Boolean => quote! { &#name.to_string() },
                        ParameterType::Enum(_) => quote! { #name.into().as_ref() },
                        _ => quote! { #name.as_ref() },
                    };
                    let quoted = parameter.quoted;
                    quote! { crate::runtime::push_parameter(__path, #value, #quoted); }
                }
            });
            // Locals start with `__`, which no parameter name can (see `names::snake`), so a
            // parameter called `path` or `at` does not shadow them.
            // Without fixed text, the values alone could make a `.` or `..` segment.
            let check = (!parts.iter().any(|p| matches!(p, TemplatePart::Literal(_)))).then(|| {
                quote! { crate::runtime::refuse_dot_segment(&__path[__start..], __problem); }
            });
            let (start, problem) = match check.is_some() {
                true => (Some(quote! { let __start = __path.len(); }), quote! { __problem }),
                false => (None, quote! { _ }),
            };
            let doc_parameters = format!(" Values are percent-encoded, and a `'` in a quoted value is doubled, so no value can leave its place in `{}`.", resource.template.rsplit('/').next().unwrap_or_default());
            let location = parent.location();
            quote! {
                #[doc = #doc]
                #[doc = ""]
                #[doc = #doc_parameters]
                #allow
                pub fn #method(&self, #(#arguments),*) -> #name {
                    let mut __at = #location;
                    let (__path, #problem) = __at.parts_mut();
                    __path.push('/');
                    #start
                    #(#pushes)*
                    #check
                    #name { at: __at }
                }
            }
        }
        Segment::Key(key) => {
            let doc_key = format!(
                " The key `{key}` is any value written as text (`&str`, `String`, a number, a `Guid`); it is \
                 percent-encoded, and `.`, `..` and empty keys are refused when the request is built."
            );
            let at = match parent {
                Parent::Client => quote! { crate::runtime::Location::root(&self.connection, "").key(&key.to_string()) },
                Parent::Node => quote! { self.at.key(&key.to_string()) },
            };
            quote! {
                #[doc = #doc]
                #[doc = ""]
                #[doc = #doc_key]
                #allow
                pub fn #method(&self, key: impl std::fmt::Display) -> #name {
                    #name { at: #at }
                }
            }
        }
    }
}

/// The module of one node: its struct, the methods to its children and its operations.
///
/// The module is compiled with the areas below the node; a child or an operation that
/// only some of those areas need carries its own `#[cfg]`.
pub fn resource_module(resource: &Resource, error: &Type, features: Option<&Features>) -> TokenStream {
    let name = ident(&resource.name);
    let header = format!(" Requests under `{}`.", resource.template);
    let own = features.and_then(|f| f.resources.get(&resource.name));
    let narrower = |gate: Option<&Gate>| match gate == own {
        true => quote! {},
        false => gate_attr(gate),
    };
    let children = resource.children.iter().map(|child| {
        let gate = narrower(features.and_then(|f| f.resources.get(&child.name)));
        let method = navigation(child, quote! { super:: }, Parent::Node);
        quote! { #gate #method }
    });
    let operation_gate = |operation: &Operation| {
        let feature = features.and_then(|f| f.operations.get(&operation.builder));
        narrower(feature.map(|f| Gate::Areas(vec![f.clone()])).as_ref())
    };
    let starters = resource.operations.iter().map(|op| {
        let gate = operation_gate(op);
        let starter = starter(op, Parent::Node);
        quote! { #gate #starter }
    });
    let builders = resource.operations.iter().map(|op| builder(op, error, &operation_gate(op)));
    quote! {
        #![doc = #header]

        #[doc = #header]
        #[derive(Debug, Clone)]
        pub struct #name {
            pub(crate) at: crate::runtime::Location,
        }

        impl #name {
            #(#children)*
            #(#starters)*
        }

        #(#builders)*
    }
}

/// The methods on a node, or on the client for the root path, that start an operation: one
/// for its body's default form, and one for each other.
fn starter(operation: &Operation, parent: Parent) -> TokenStream {
    let default = starting_method(operation, parent, &operation.method_name, operation.body.as_ref(), None);
    let others = operation.other_bodies.iter().map(|other| {
        starting_method(operation, parent, &other.method, Some(&other.body), Some(&operation.method_name))
    });
    quote! { #default #(#others)* }
}

/// One method that starts an operation with `body`; `default` names the method that takes the
/// body's default form, where this one takes another.
fn starting_method(
    operation: &Operation,
    parent: Parent,
    method_name: &str,
    body: Option<&Body>,
    default: Option<&str>,
) -> TokenStream {
    let method = ident(method_name);
    let builder = ident(&operation.builder);
    // The full description is on the builder; the method names the operation and links to it.
    let summary = operation.doc.as_deref().and_then(|d| d.lines().next()).unwrap_or(&operation.http_method);
    let summary = doc_attrs(Some(summary));
    let link = match default {
        None => format!(" See [`{}`].", operation.builder),
        Some(default) => format!(
            " See [`{}`]; this method sends the body as `{}`, where `{default}` sends it as its default form.",
            operation.builder,
            body_media_type(body)
        ),
    };
    let doc = quote! { #summary #[doc = ""] #[doc = #link] };
    let segment = operation.segment.as_ref().map(|segment| format!("/{segment}")).unwrap_or_default();
    let (argument, set_body) = match body {
        None => (None, None),
        Some(Body::Json(ty, content_type)) => {
            let ty = rust_type_in(ty, quote! { crate::models });
            let set = match content_type.as_str() {
                "application/json" => quote! { __request.parts.json(body); },
                other => quote! { __request.parts.json_as(#other, body); },
            };
            (Some(quote! { body: &#ty }), Some(set))
        }
        Some(Body::Form(ty, content_type, styles)) => {
            let ty = rust_type_in(ty, quote! { crate::models });
            let styles = form_styles(styles);
            (Some(quote! { body: &#ty }), Some(quote! { __request.parts.form(body, #content_type, #styles); }))
        }
        Some(Body::Text(content_type)) => (
            Some(quote! { body: impl Into<String> }),
            Some(quote! { __request.parts.body(#content_type, body.into().into_bytes()); }),
        ),
        Some(Body::Bytes(content_type)) => (
            Some(quote! { body: impl Into<crate::runtime::Upload> }),
            Some(quote! { __request.parts.upload(#content_type, body.into()); }),
        ),
        Some(Body::Multipart(form)) => {
            let ty = match form.fields.is_empty() {
                true => quote! { impl Into<crate::runtime::Multipart> },
                false => ident(&form.name).into_token_stream(),
            };
            (Some(quote! { body: #ty }), Some(quote! { __request.parts.multipart(body.into()); }))
        }
    };
    let accept = operation.accept.as_ref().map(|accept| quote! { __request.parts.accept(#accept); });
    let at = parent.borrowed();
    let new_request = match STANDARD_METHODS.contains(&operation.http_method.as_str()) {
        true => {
            let http_method = ident(&operation.http_method);
            quote! { crate::request::Request::new(#at, http::Method::#http_method, #segment) }
        }
        false => {
            let name = &operation.http_method;
            quote! { crate::request::Request::with_method(#at, #name, #segment) }
        }
    };
    // The local starts with `__`, which no parameter name can (see `names::snake`).
    let body = match (set_body, accept) {
        (None, None) => new_request,
        (set_body, accept) => quote! { let mut __request = #new_request; #set_body #accept __request },
    };
    let allow = convention_allow(method_name, false);
    let alias = if default.is_none() {
        doc_alias(operation, method_name)
    } else {
        quote! {}
    };
    quote! {
        #doc
        #alias
        #allow
        pub fn #method(&self, #argument) -> #builder {
            #body
        }
    }
}

/// The methods `http::Method` has a constant for.
const STANDARD_METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "CONNECT"];

/// The styles of a form's properties, as the runtime's `&[(name, FormStyle)]`.
fn form_styles(styles: &[(String, FormStyle)]) -> TokenStream {
    let styles = styles.iter().map(|(name, style)| {
        let style = match style {
            FormStyle::Unexploded => quote! { Form { explode: false } },
            FormStyle::SpaceDelimited => quote! { SpaceDelimited },
            FormStyle::PipeDelimited => quote! { PipeDelimited },
            FormStyle::DeepObject => quote! { DeepObject },
            FormStyle::Json => quote! { Json },
        };
        quote! { (#name, crate::runtime::FormStyle::#style) }
    });
    quote! { &[#(#styles),*] }
}

/// The media type a body is sent as.
fn body_media_type(body: Option<&Body>) -> &str {
    match body {
        Some(
            Body::Json(_, media_type) | Body::Form(_, media_type, _) | Body::Text(media_type) | Body::Bytes(media_type),
        ) => media_type,
        Some(Body::Multipart(_)) => "multipart/form-data",
        None => "",
    }
}

/// `#[doc(alias = "<operationId>")]`, so that rustdoc's search finds an item by the id the
/// description gives its operation; nothing for an id rustdoc refuses as an alias (quotes,
/// tabs, line breaks, spaces at either end) or one that is already the item's name.
fn doc_alias(operation: &Operation, item: &str) -> TokenStream {
    match &operation.operation_id {
        Some(id)
            if !id.is_empty()
                && id != item
                && id.trim() == id
                && !id.chars().any(|c| matches!(c, '"' | '\'' | '\t' | '\n' | '\r') || c.is_control()) =>
        {
            quote! { #[doc(alias = #id)] }
        }
        _ => quote! {},
    }
}

/// The builder of an operation, its response enum if it has one, and their impls, each
/// with `gate`.
fn builder(operation: &Operation, error: &Type, gate: &TokenStream) -> TokenStream {
    let name = ident(&operation.builder);
    // An operation with its own `security` says so; the others take the description's.
    let security = operation.security.as_ref().map(|own| {
        let own = super::security::requirements(own);
        quote! { const SECURITY: &'static [&'static [&'static str]] = #own; }
    });
    let alias = doc_alias(operation, &operation.builder);
    let marker = ident(&operation.marker);
    let doc = doc_attrs(operation.doc.as_deref());
    let setters: Vec<TokenStream> = (operation.query.iter().map(|p| setter(p, Place::Query)))
        .chain(operation.headers.iter().map(|p| setter(p, Place::Header)))
        .chain(operation.cookies.iter().map(|p| setter(p, Place::Cookie)))
        .collect();
    let error_ty = rust_type_in(error, quote! { crate::models });
    let (body_ty, reader, own_reader) = responses::reader(&operation.response, &marker, &error_ty, gate);
    let by_status = responses::status_enum(&operation.response).map(|items| quote! { #gate #items });
    let bodies = operation.body.iter().chain(operation.other_bodies.iter().map(|other| &other.body));
    let forms: Vec<TokenStream> = bodies
        .filter_map(|body| match body {
            Body::Multipart(form) if !form.fields.is_empty() => {
                Some(super::multipart::form_struct(form, &operation.builder, gate))
            }
            _ => None,
        })
        .collect();
    let form = quote! { #(#forms)* };
    let marker_doc =
        format!(" The operation of [`{}`]: what it answers with, and how that is read.", operation.builder);
    let operation_type = responses::operation_type(&marker, &marker_doc, &body_ty, &reader, security.as_ref(), gate);
    let answers = responses::answers(operation, &name, security.as_ref(), gate);
    let paged = operation.paged.then(|| quote! { #gate impl crate::request::Paged for #marker {} });
    let setters = (!setters.is_empty()).then(|| {
        quote! {
            #gate
            impl #name {
                #(#setters)*
            }
        }
    });
    quote! {
        #by_status

        #form

        #doc
        #alias
        #gate
        pub type #name = crate::request::Request<#marker>;

        #operation_type

        #own_reader

        #paged

        #setters

        #answers
    }
}

/// Where a parameter is sent.
enum Place {
    Query,
    Header,
    Cookie,
}

/// `#[allow(clippy::wrong_self_convention)]` for a method whose name, the description's
/// own, clippy expects to take `self` differently (see `names::breaks_self_convention`).
fn convention_allow(name: &str, by_value: bool) -> Option<TokenStream> {
    crate::names::breaks_self_convention(name, by_value).then(|| quote! { #[allow(clippy::wrong_self_convention)] })
}

fn setter(parameter: &Parameter, place: Place) -> TokenStream {
    let method = ident(&parameter.rust_name);
    let allow = convention_allow(&parameter.rust_name, true);
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
            (quote! { value: impl Into<crate::requests::#options> }, quote! { value.into().as_ref().to_owned() })
        }
        ParameterType::EnumList(options) => {
            let options = ident(options);
            (
                quote! { values: impl IntoIterator<Item = impl Into<crate::requests::#options>> },
                quote! { crate::runtime::join(values.into_iter().map(Into::into)) },
            )
        }
        ParameterType::StringList => {
            (quote! { values: impl IntoIterator<Item = impl AsRef<str>> }, quote! { crate::runtime::join(values) })
        }
        ParameterType::Number => (quote! { value: f64 }, quote! { value.to_string() }),
        ParameterType::WholeQuery(whole) => {
            let (argument, set) = match whole {
                WholeQuery::Form(ty, styles) => {
                    let ty = rust_type_in(ty, quote! { crate::models });
                    let styles = form_styles(styles);
                    (quote! { value: &#ty }, quote! { self.parts.query_form(value, #styles); })
                }
                WholeQuery::Json(ty) => {
                    let ty = rust_type_in(ty, quote! { crate::models });
                    (quote! { value: &#ty }, quote! { self.parts.query_json(value); })
                }
                WholeQuery::Text => (quote! { value: impl Into<String> }, quote! { self.parts.query_text(value.into()); }),
            };
            return quote! {
                #doc
                #allow
                pub fn #method(mut self, #argument) -> Self {
                    #set
                    self
                }
            };
        }
        ParameterType::DisplayList => (
            quote! { values: impl IntoIterator<Item = impl std::fmt::Display> },
            quote! { crate::runtime::join(values.into_iter().map(|v| v.to_string())) },
        ),
    };
    let set = match place {
        Place::Header => {
            let lower = name.to_ascii_lowercase();
            quote! { self.parts.header(http::header::HeaderName::from_static(#lower), #value); }
        }
        Place::Query => quote! { self.parts.query(#name, #value); },
        Place::Cookie => quote! { self.parts.cookie(#name, #value); },
    };
    quote! {
        #doc
        #allow
        pub fn #method(mut self, #argument) -> Self {
            #set
            self
        }
    }
}
