//! Phase 3: `securitySchemes` to the client's credential setters, and `security`
//! requirements to the lists of schemes operations send.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme as OaScheme};

use crate::ir::{SchemeKind, SecurityScheme};
use crate::names;

use super::requests::CLIENT_METHODS;

/// The description's security schemes in order. A setter is named after its scheme
/// (`api_key` for `ApiKey`); where the client already has a method of that name (an entry
/// point of the API, or one of its own), `_credentials` is appended.
pub fn schemes(api: &OpenAPI, taken: &[String]) -> Vec<SecurityScheme> {
    let Some(components) = &api.components else { return Vec::new() };
    let mut taken: Vec<String> = taken.iter().cloned().chain(names::taken_methods(CLIENT_METHODS, false)).collect();
    let name_setter = |base: String, taken: &mut Vec<String>| {
        let qualified = format!("{}_credentials", base.trim_start_matches("r#"));
        names::first_free([base, qualified], taken)
    };
    let mut found = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let Some(scheme) = resolve(&components.security_schemes, scheme) else { continue };
        let token_url = match scheme {
            OaScheme::OAuth2 { flows, .. } => flows.client_credentials.as_ref().map(|flow| flow.token_url.clone()),
            _ => None,
        };
        let (kind, doc) = match scheme {
            OaScheme::APIKey { location, name: key, description, .. } => {
                let place = match location {
                    APIKeyLocation::Header => "Header",
                    APIKeyLocation::Query => "Query",
                    APIKeyLocation::Cookie => "Cookie",
                };
                (SchemeKind::ApiKey { place, name: key.clone() }, description)
            }
            OaScheme::HTTP { scheme, description, .. } => match scheme.to_ascii_lowercase().as_str() {
                "basic" => (SchemeKind::Basic, description),
                "bearer" => (SchemeKind::Bearer, description),
                _ => (SchemeKind::Http(scheme.clone()), description),
            },
            OaScheme::OAuth2 { description, .. } | OaScheme::OpenIDConnect { description, .. } => {
                (SchemeKind::Bearer, description)
            }
        };
        let setter = name_setter(names::snake(name), &mut taken);
        let source_setter = (kind == SchemeKind::Bearer)
            .then(|| name_setter(format!("{}_source", setter.trim_start_matches("r#")), &mut taken));
        let token_credential = (kind == SchemeKind::Bearer).then(|| {
            let base = setter.trim_start_matches("r#").trim_end_matches("_credentials");
            name_setter(format!("{base}_token_credential"), &mut taken)
        });
        let client_credentials = token_url.map(|url| {
            let base = setter.trim_start_matches("r#").trim_end_matches("_credentials");
            (url, name_setter(format!("{base}_client_credentials"), &mut taken))
        });
        found.push(SecurityScheme {
            name: name.clone(),
            setter,
            source_setter,
            token_credential,
            client_credentials,
            kind,
            doc: doc.clone(),
        });
    }
    found
}

/// A scheme, or the one a reference to `#/components/securitySchemes/<name>` names.
fn resolve<'a>(
    all: &'a indexmap::IndexMap<String, ReferenceOr<OaScheme>>,
    scheme: &'a ReferenceOr<OaScheme>,
) -> Option<&'a OaScheme> {
    match scheme {
        ReferenceOr::Item(scheme) => Some(scheme),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/securitySchemes/")?;
            match all.get(name)? {
                ReferenceOr::Item(scheme) => Some(scheme),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

/// Requirements as alternatives, each the names of the schemes it needs, in order.
pub fn requirements(security: &[SecurityRequirement]) -> Vec<Vec<String>> {
    security.iter().map(|requirement| requirement.keys().cloned().collect()).collect()
}
