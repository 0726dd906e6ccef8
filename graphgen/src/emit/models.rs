//! Phase 4: the Rust items for each model, as token streams.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::doc_attrs;
use crate::ir::{
    page_fields, qualify, split_qualified, Api, Field, Model, Object, Presence, Slot, StringEnum, Type, Union,
};
use crate::names::ident;

/// The items of one model's module, with the imports they need.
pub fn model_module(model: &Model, api: &Api, error_type: bool) -> TokenStream {
    let mut imports = Imports { namespace: model.namespace.clone(), ..Imports::default() };
    let object = object_items(model, &mut imports);
    let union = model.union.as_ref().map(|union| union_items(model, union, &api.enums, &mut imports));
    let page = page_impl(model, &mut imports);
    let display = error_type.then(|| error_display(model, &api.models));
    // A type that refers to itself is already in scope.
    imports.models.remove(&model.object.name);
    if let Some(union) = &model.union {
        imports.models.remove(&union.name);
    }
    let header = origin_doc(&model.origin);
    let uses = imports.tokens();
    quote! {
        #![doc = #header]
        #uses
        #union
        #object
        #page
        #display
    }
}

/// `Page` for a collection response, so that request builders can follow next links.
fn page_impl(model: &Model, imports: &mut Imports) -> Option<TokenStream> {
    if model.union.is_some() {
        return None;
    }
    let (value, next) = page_fields(&model.object)?;
    let name = ident(&model.object.name);
    let Type::Array(item, item_nullable) = &value.ty else { return None };
    let item = rust_type(item, imports);
    let item = if *item_nullable {
        quote! { Option<#item> }
    } else {
        item
    };
    let value_field = ident(&value.rust_name);
    let items = match value.presence() {
        Presence::Required => quote! { self.#value_field },
        Presence::Nullable => quote! { self.#value_field.into_option().unwrap_or_default() },
        Presence::Optional => quote! { self.#value_field.unwrap_or_default() },
    };
    let link = |field: &crate::ir::Field| {
        let name = ident(&field.rust_name);
        match field.presence() {
            Presence::Required => quote! { Some(self.#name.as_str()) },
            Presence::Nullable => quote! { self.#name.value().map(String::as_str) },
            Presence::Optional => quote! { self.#name.as_deref() },
        }
    };
    let next_link = link(next);
    // A delta function's page carries `@odata.deltaLink` on its last page.
    let delta = model.object.fields.iter().find(|f| f.json_name == DELTA_LINK && f.ty == Type::String);
    let delta_link = delta.map(|field| {
        let delta_link = link(field);
        quote! {
            fn delta_link(&self) -> Option<&str> {
                #delta_link
            }
        }
    });
    Some(quote! {
        impl crate::runtime::Page for #name {
            type Item = #item;

            fn next_link(&self) -> Option<&str> {
                #next_link
            }

            fn into_items(self) -> Vec<#item> {
                #items
            }

            #delta_link
        }
    })
}

/// The annotation that links to a delta query's next round.
const DELTA_LINK: &str = "@odata.deltaLink";

/// `Display` for the error body type: `code: message` for an OData error, else the JSON.
fn error_display(model: &Model, models: &[Model]) -> TokenStream {
    let name = ident(model.type_name());
    let required_string = |object: &Object, json: &str| {
        object
            .fields
            .iter()
            .find(|f| f.json_name == json && f.required && !f.nullable && f.ty == Type::String)
            .map(|f| ident(&f.rust_name))
    };
    let odata = model.union.is_none().then_some(()).and_then(|()| {
        let error = model.object.fields.iter().find(|f| f.json_name == "error" && f.required && !f.nullable)?;
        let Type::Named(inner) = &error.ty else { return None };
        let inner = models.iter().find(|m| m.union.is_none() && m.path() == *inner)?;
        Some((
            ident(&error.rust_name),
            required_string(&inner.object, "code")?,
            required_string(&inner.object, "message")?,
        ))
    });
    let body = match odata {
        Some((error, code, message)) => quote! { write!(f, "{}: {}", self.#error.#code, self.#error.#message) },
        None => quote! {
            match serde_json::to_string(self) {
                Ok(text) => f.write_str(&text),
                Err(_) => f.write_str("an error body that cannot be shown"),
            }
        },
    };
    quote! {
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #body
            }
        }
    }
}

/// What a module uses from elsewhere in the crate.
#[derive(Default)]
pub(super) struct Imports {
    /// The namespace of the module; models of other namespaces are named by their path.
    pub(super) namespace: String,
    /// Models of the same namespace, by name.
    pub(super) models: BTreeSet<String>,
    pub(super) runtime: BTreeSet<&'static str>,
}

impl Imports {
    pub(super) fn tokens(&self) -> TokenStream {
        let models = self.models.iter().map(|m| ident(m));
        let runtime = self.runtime.iter().map(|r| ident(r));
        let models = (!self.models.is_empty()).then(|| quote! { use super::{ #(#models),* }; });
        quote! {
            use crate::runtime::{ #(#runtime),* };
            #models
        }
    }
}

fn object_items(model: &Model, imports: &mut Imports) -> TokenStream {
    let object = &model.object;
    imports.runtime.insert("object");
    imports.runtime.insert("AdditionalProperties");
    let name = ident(&object.name);
    let doc = match &model.union {
        // The enum carries the schema's description; the struct says what it is for.
        Some(union) => {
            let text = format!(
                " The properties of `{}` itself, used when a value's discriminator names the base type or a type this description does not know.",
                object.json_name
            );
            let link = format!(" See [`{}`] for the type as a whole.", union.name);
            quote! { #[doc = #text] #[doc = ""] #[doc = #link] }
        }
        None => doc_attrs(model.doc.as_deref()),
    };
    // Required properties leave a struct without `Default`, unless each has a default value.
    let derive_default = !object.fields.iter().any(|f| f.required);
    let default = derive_default.then(|| quote! { Default, });
    let default_impl = (!derive_default && has_default(object)).then(|| {
        let values = object.fields.iter().map(|f| {
            let field = ident(&f.rust_name);
            match &f.default {
                Some(text) => quote! { #field: #text.to_owned(), },
                None => quote! { #field: Default::default(), },
            }
        });
        let unknown = ident(&object.unknown_field);
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    #name { #(#values)* #unknown: AdditionalProperties::new() }
                }
            }
        }
    });

    let constructor = (!has_default(object)).then(|| constructor(object, imports));
    let fields = object.fields.iter().map(|field| field_decl(field, imports));
    let unknown = ident(&object.unknown_field);
    let struct_item = quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            /// Properties and instance annotations that the description does not declare, as received.
            pub #unknown: AdditionalProperties,
        }
    };
    // Each property is written when present, in declaration order, then the unknown ones
    // as received: a map written directly, which is much faster than a derive that
    // flattens the unknown properties.
    let skipped_for_tag = object.tagged.as_ref().and_then(Option::as_ref);
    let writes: Vec<TokenStream> = object
        .fields
        .iter()
        .map(|f| {
            let json = &f.json_name;
            let field = ident(&f.rust_name);
            // Floats are written as they were read (`5`, not `5.0`), through the runtime.
            let floats = writes_floats(&f.ty);
            if floats {
                imports.runtime.insert("Floats");
            }
            let wrap = |value: TokenStream| {
                if floats {
                    quote! { &Floats(#value) }
                } else {
                    value
                }
            };
            let own = wrap(quote! { &self.#field });
            let held = wrap(quote! { value });
            match (f.required, f.nullable) {
                // A required discriminator that is written as the tag is not written again.
                (true, _) if skipped_for_tag == Some(&f.rust_name) => quote! {
                    if tag.is_none() {
                        __map.serialize_entry(#json, #own)?;
                    }
                },
                (true, _) => quote! { __map.serialize_entry(#json, #own)?; },
                (false, false) => quote! {
                    if let Some(value) = &self.#field {
                        __map.serialize_entry(#json, #held)?;
                    }
                },
                (false, true) => quote! {
                    if !self.#field.is_absent() {
                        __map.serialize_entry(#json, #own)?;
                    }
                },
            }
        })
        .collect();
    // A derived type's union writes it with its discriminator first when it is unset.
    let tag_entry = object.tagged.is_some().then(|| {
        quote! {
            if let Some((name, value)) = tag {
                __map.serialize_entry(name, value)?;
            }
        }
    });
    let write_body = quote! {
        use serde::ser::SerializeMap;
        let mut __map = serializer.serialize_map(None)?;
        #tag_entry
        #(#writes)*
        object::serialize_unknown(&mut __map, &self.#unknown)?;
        __map.end()
    };
    let serialize = match object.tagged {
        None => quote! {
            impl serde::Serialize for #name {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                    #write_body
                }
            }
        },
        Some(_) => quote! {
            impl serde::Serialize for #name {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                    self.serialize_with_tag(serializer, None)
                }
            }

            impl #name {
                #[doc(hidden)]
                #[inline]
                pub fn serialize_with_tag<__S: serde::Serializer>(
                    &self,
                    serializer: __S,
                    tag: Option<(&str, &str)>,
                ) -> Result<__S::Ok, __S::Error> {
                    #write_body
                }
            }
        },
    };
    // Each property is read into a local named `__` and its field, and the function's own
    // locals start otherwise, so no property's name can take one of them (nor trip clippy's
    // `disallowed_names`, as a local `foo` would).
    let slot = |f: &crate::ir::Field| quote::format_ident!("__{}", f.rust_name.trim_start_matches("r#"));
    let slots = object.fields.iter().map(slot);
    let arms = object.fields.iter().map(|f| {
        let json = &f.json_name;
        let slot = slot(f);
        quote! { #json => object::read_property(&mut map_access, &mut #slot, #json)?, }
    });
    let finish = object.fields.iter().map(|f| {
        let (field, slot) = (ident(&f.rust_name), slot(f));
        let json = &f.json_name;
        // A required property that may be null reads its absence as null: servers that
        // implement another's description leave out what is null (LiteLLM's chunks have no
        // `finish_reason` until the last), and the type holds no value either way.
        match (f.required, f.nullable) {
            (true, false) => quote! { #field: #slot.ok_or_else(|| object::missing(#json))?, },
            (false, false) => quote! { #field: #slot, },
            (_, true) => quote! { #field: #slot.unwrap_or_default(), },
        }
    });
    let read = if object.fields.is_empty() {
        quote! { object::read_unknown(&mut map_access, &mut unknown_properties, key_name)?; }
    } else {
        quote! {
            match key_name.as_str() {
                #(#arms)*
                _ => object::read_unknown(&mut map_access, &mut unknown_properties, key_name)?,
            }
        }
    };
    let expecting = format!("{} {} object", article(&object.json_name), object.json_name);
    quote! {
        #struct_item

        #default_impl

        #constructor

        #serialize

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                object::deserialize_object(deserializer)
            }
        }

        impl<'de> object::FromObject<'de> for #name {
            const EXPECTING: &'static str = #expecting;

            fn from_object<__A: serde::de::MapAccess<'de>>(mut map_access: __A) -> Result<Self, __A::Error> {
                #( let mut #slots = None; )*
                let mut unknown_properties = AdditionalProperties::new();
                while let Some(key_name) = map_access.next_key::<object::Key<'de>>()? {
                    #read
                }
                Ok(#name {
                    #(#finish)*
                    #unknown: unknown_properties,
                })
            }
        }
    }
}

/// `new`, for a struct whose required properties have no default: it takes them in the
/// order the schema lists them, each as anything that converts into it (`&str` for a
/// `String`), and leaves every other property out.
fn constructor(object: &Object, imports: &mut Imports) -> TokenStream {
    let name = ident(&object.name);
    let taken = |f: &Field| f.required && f.default.is_none();
    let params: Vec<TokenStream> = object
        .fields
        .iter()
        .filter(|f| taken(f))
        .map(|f| {
            let param = ident(&f.rust_name);
            let ty = field_type(f, imports);
            quote! { #param: impl Into<#ty> }
        })
        .collect();
    let values = object.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        match &f.default {
            _ if taken(f) => quote! { #field: #field.into(), },
            Some(text) => quote! { #field: #text.to_owned(), },
            None => quote! { #field: Default::default(), },
        }
    });
    let unknown = ident(&object.unknown_field);
    // The description decides how many properties are required; the constructor takes them all.
    let mut lints = Vec::new();
    if params.len() > 7 {
        lints.push(quote! { clippy::too_many_arguments });
    }
    // The parameters are the properties' names, which clippy's placeholder list may hold.
    if object.fields.iter().filter(|f| taken(f)).any(|f| crate::names::DISALLOWED.contains(&f.rust_name.as_str())) {
        lints.push(quote! { clippy::disallowed_names });
    }
    let allow = (!lints.is_empty()).then(|| quote! { #[allow(#(#lints),*)] });
    let doc = format!(" A `{}` with its required properties; every other property is left out.", object.json_name);
    quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#params),*) -> Self {
                #name { #(#values)* #unknown: AdditionalProperties::new() }
            }
        }
    }
}

/// The type of a struct's field: the property's type, boxed if it recurs, and held as its
/// presence says.
fn field_type(field: &Field, imports: &mut Imports) -> TokenStream {
    let mut ty = rust_type(&field.ty, imports);
    if field.boxed {
        ty = quote! { Box<#ty> };
    }
    match field.presence() {
        Presence::Required => ty,
        Presence::Optional => quote! { Option<#ty> },
        Presence::Nullable => {
            imports.runtime.insert("Nullable");
            quote! { Nullable<#ty> }
        }
    }
}

fn field_decl(field: &Field, imports: &mut Imports) -> TokenStream {
    let doc = doc_attrs(field.doc.as_deref());
    let name = ident(&field.rust_name);
    let ty = field_type(field, imports);
    // Nested maps and lists can pass clippy's `type_complexity` limit; the type is the
    // description's, so the field says it is meant.
    let allow =
        (nesting(&field.ty) >= 2 && complexity(&ty) > 250).then(|| quote! { #[allow(clippy::type_complexity)] });
    quote! {
        #doc
        #allow
        pub #name: #ty,
    }
}

/// Whether a value of `ty` is written through the runtime's `Floats`: a float, or lists
/// and maps of them, whose containers `WriteFloats` knows.
pub(super) fn writes_floats(ty: &Type) -> bool {
    match ty {
        Type::F64 | Type::F32 => true,
        Type::Array(item, _) | Type::Map(item, _) => writes_floats(item),
        _ => false,
    }
}

/// How many containers (lists, maps, flags) a type nests.
fn nesting(ty: &Type) -> usize {
    match ty {
        Type::Array(item, _) | Type::Map(item, _) | Type::Collection(item, ..) | Type::Flags(item) => 1 + nesting(item),
        Type::Tuple(members) => 1 + members.iter().map(|(member, _)| nesting(member)).max().unwrap_or(0),
        _ => 0,
    }
}

/// clippy's `type_complexity` score of a type: ten times the depth of every path and tuple
/// in it. Over 250 is refused.
fn complexity(ty: &TokenStream) -> usize {
    fn walk(ty: &syn::Type, nest: usize) -> usize {
        match ty {
            syn::Type::Path(path) => {
                let arguments = path.path.segments.iter().flat_map(|segment| match &segment.arguments {
                    syn::PathArguments::AngleBracketed(list) => list.args.iter().collect(),
                    _ => Vec::new(),
                });
                let inner: usize = arguments
                    .map(|argument| match argument {
                        syn::GenericArgument::Type(ty) => walk(ty, nest + 1),
                        _ => 0,
                    })
                    .sum();
                10 * nest + inner
            }
            syn::Type::Tuple(tuple) => 10 * nest + tuple.elems.iter().map(|e| walk(e, nest + 1)).sum::<usize>(),
            syn::Type::Reference(reference) => 1 + walk(&reference.elem, nest),
            _ => 0,
        }
    }
    syn::parse2::<syn::Type>(ty.clone()).map_or(0, |ty| walk(&ty, 1))
}

pub(super) fn rust_type(ty: &Type, imports: &mut Imports) -> TokenStream {
    let mut models = std::mem::take(&mut imports.models);
    let mut runtime = std::mem::take(&mut imports.runtime);
    let namespace = imports.namespace.clone();
    let tokens = type_tokens(
        ty,
        &mut |path| match split_qualified(path) {
            (other, _) if other != namespace => {
                let path = path_tokens(path);
                quote! { crate::models::#path }
            }
            (_, name) => {
                models.insert(name.to_owned());
                let name = ident(name);
                quote! { #name }
            }
        },
        &mut |name| {
            runtime.insert(name);
            let name = ident(name);
            quote! { #name }
        },
    );
    imports.models = models;
    imports.runtime = runtime;
    tokens
}

/// The Rust type, with models named through `models` (such as `crate::models`) and
/// runtime types through `crate::runtime`, for code outside the model modules.
pub fn rust_type_in(ty: &Type, models: TokenStream) -> TokenStream {
    type_tokens(
        ty,
        &mut |path| {
            let path = path_tokens(path);
            quote! { #models::#path }
        },
        &mut |name| {
            let name = ident(name);
            quote! { crate::runtime::#name }
        },
    )
}

fn type_tokens(
    ty: &Type,
    model: &mut dyn FnMut(&str) -> TokenStream,
    runtime: &mut dyn FnMut(&'static str) -> TokenStream,
) -> TokenStream {
    match ty {
        Type::String => quote! { String },
        Type::Boolean => quote! { bool },
        Type::Int32 => quote! { i32 },
        Type::Int64 => quote! { i64 },
        Type::Double => runtime("Double"),
        Type::F64 => quote! { f64 },
        Type::F32 => quote! { f32 },
        Type::DateTime => runtime("DateTimeOffset"),
        Type::Date => runtime("Date"),
        Type::TimeOfDay => runtime("TimeOfDay"),
        Type::Duration => runtime("Duration"),
        Type::Uuid => runtime("Guid"),
        Type::Base64Url => runtime("Base64Url"),
        Type::Json => quote! { serde_json::Value },
        Type::Named(name) => model(name),
        Type::Array(item, nullable) => {
            let item = type_tokens(item, model, runtime);
            if *nullable {
                quote! { Vec<Option<#item>> }
            } else {
                quote! { Vec<#item> }
            }
        }
        Type::Collection(item, nullable) => {
            let item = type_tokens(item, model, runtime);
            let collection = runtime("Collection");
            if *nullable {
                quote! { #collection<Option<#item>> }
            } else {
                quote! { #collection<#item> }
            }
        }
        Type::Flags(item) => {
            let item = type_tokens(item, model, runtime);
            let flags = runtime("Flags");
            quote! { #flags<#item> }
        }
        Type::Map(value, nullable) => {
            let value = type_tokens(value, model, runtime);
            if *nullable {
                quote! { std::collections::BTreeMap<String, Option<#value>> }
            } else {
                quote! { std::collections::BTreeMap<String, #value> }
            }
        }
        Type::Tuple(members) => {
            let members = members.iter().map(|(member, nullable)| {
                let member = type_tokens(member, model, runtime);
                if *nullable {
                    quote! { Option<#member> }
                } else {
                    member
                }
            });
            // `(T,)`: a tuple of one keeps its comma.
            quote! { (#(#members,)*) }
        }
    }
}

/// A path made by [`qualify`](crate::ir::qualify) as Rust tokens: `search::Identity`.
pub fn path_tokens(path: &str) -> TokenStream {
    let parts = path.split("::").map(ident);
    quote! { #(#parts)::* }
}

/// The first line of a model module's documentation: which schema it comes from.
pub fn origin_doc(origin: &str) -> String {
    match origin.strip_prefix("/components/schemas/") {
        Some(key) => format!(" The `{}` schema.", key.replace("~1", "/").replace("~0", "~")),
        None => format!(" The inline schema at `{origin}`."),
    }
}

fn union_items(model: &Model, union: &Union, enums: &[StringEnum], imports: &mut Imports) -> TokenStream {
    let object: &Object = &model.object;
    let doc = doc_attrs(model.doc.as_deref());
    let name = ident(&union.name);
    let base_variant = ident(&union.base_variant);
    let base = ident(&union.base);
    let default_impl = has_default(object).then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    #name::#base_variant(#base::default())
                }
            }
        }
    });

    let payloads: Vec<TokenStream> =
        union.variants.iter().map(|v| rust_type(&Type::Named(v.payload.clone()), imports)).collect();
    let variant_decls = union.variants.iter().zip(&payloads).map(|(v, payload)| {
        let variant = ident(&v.name);
        // The values as the wire spells them: Graph's start with `#`, others' do not.
        let hash = if v.wire.starts_with('#') { "#" } else { "" };
        let text =
            format!(" A value whose `{}` is `{hash}{}`.", union.discriminator, v.tags.join(&format!("` or `{hash}")));
        quote! { #[doc = #text] #variant(#payload), }
    });
    let arms = union.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let tags = &v.tags;
        quote! { #(Some(#tags))|* => #name::#variant(source.read()?), }
    });
    let froms = union.variants.iter().zip(payloads.clone()).map(|(v, payload)| (ident(&v.name), payload));
    let froms = froms.chain([(base_variant.clone(), quote! { #base })]).map(|(variant, payload)| {
        quote! {
            impl From<#payload> for #name {
                fn from(value: #payload) -> Self {
                    #name::#variant(value)
                }
            }
        }
    });
    // Fields that hold the union take a derived value in one `.into()` as well.
    let held_froms = union.held_as.iter().flat_map(|presence| {
        let wrapper = match presence {
            Presence::Optional => quote! { Option },
            Presence::Nullable => {
                imports.runtime.insert("Nullable");
                quote! { Nullable }
            }
            Presence::Required => return Vec::new(),
        };
        let wrap = match presence {
            Presence::Optional => quote! { Some },
            _ => quote! { Nullable::Value },
        };
        union
            .variants
            .iter()
            .zip(&payloads)
            .map(|(v, payload)| {
                let variant = ident(&v.name);
                quote! {
                    impl From<#payload> for #wrapper<#name> {
                        fn from(value: #payload) -> Self {
                            #wrap(#name::#variant(value))
                        }
                    }
                }
            })
            .collect()
    });
    let held_froms: Vec<TokenStream> = held_froms.collect();
    let discriminator = &union.discriminator;
    // The discriminator is a declared string field when the description lists it, and
    // otherwise one of the properties the struct keeps as received.
    let discriminator_of = match object.fields.iter().find(|f| f.json_name == union.discriminator) {
        Some(field) if field.ty == Type::String => {
            let field_name = ident(&field.rust_name);
            match field.presence() {
                Presence::Required => quote! { Some(base.#field_name.as_str()) },
                Presence::Nullable => quote! { base.#field_name.value().map(String::as_str) },
                Presence::Optional => quote! { base.#field_name.as_deref() },
            }
        }
        // A string enum's text is the value as received.
        Some(field) if matches!(&field.ty, Type::Named(path) if enums.iter().any(|e| qualify(&e.namespace, &e.name) == *path)) =>
        {
            let field_name = ident(&field.rust_name);
            match field.presence() {
                Presence::Required => quote! { Some(base.#field_name.as_ref()) },
                Presence::Nullable => quote! { base.#field_name.value().map(AsRef::as_ref) },
                Presence::Optional => quote! { base.#field_name.as_ref().map(AsRef::as_ref) },
            }
        }
        // A discriminator of another type names no derived type.
        Some(_) => quote! { { let _ = base; None } },
        None => {
            let unknown = ident(&object.unknown_field);
            quote! { base.#unknown.get(#discriminator).and_then(serde_json::Value::as_str) }
        }
    };
    let expecting = format!("{} {} object", article(&object.json_name), object.json_name);
    let serialize_arms = union.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let wire = &v.wire;
        let is_set = match &v.slot {
            Slot::Field(field, presence) => {
                let field = ident(field);
                match presence {
                    Presence::Required => quote! { !value.#field.is_empty() },
                    Presence::Optional => quote! { value.#field.is_some() },
                    Presence::Nullable => quote! { !value.#field.is_absent() },
                }
            }
            Slot::Unknown(field) => {
                let field = ident(field);
                quote! { value.#field.contains_key(#discriminator) }
            }
            Slot::Other => return quote! { #name::#variant(value) => value.serialize(serializer), },
        };
        quote! {
            #name::#variant(value) => {
                let tag = if #is_set { None } else { Some((#discriminator, #wire)) };
                value.serialize_with_tag(serializer, tag)
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variant_decls)*
            /// A value of the base type itself, or of a derived type this description does not know.
            #base_variant(#base),
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                object::deserialize_polymorphic(deserializer)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                match self {
                    #(#serialize_arms)*
                    #name::#base_variant(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> object::Polymorphic<'de> for #name {
            type Base = #base;

            const DISCRIMINATOR: &'static str = #discriminator;
            const EXPECTING: &'static str = #expecting;

            fn discriminator_of(base: &#base) -> Option<&str> {
                #discriminator_of
            }

            fn select<__S: object::Source<'de, #base>>(discriminator: Option<&str>, source: __S) -> Result<Self, __S::Error> {
                Ok(match discriminator {
                    #(#arms)*
                    _ => #name::#base_variant(source.base()?),
                })
            }
        }

        #default_impl

        #(#froms)*

        #(#held_froms)*
    }
}

/// Whether a struct has `Default`: every required property has a default value.
fn has_default(object: &Object) -> bool {
    object.fields.iter().all(|f| !f.required || f.default.is_some())
}

/// "a" or "an", for error messages such as "an event object".
pub(super) fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}
