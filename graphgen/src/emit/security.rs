//! Phase 4: the client's credential setters, one per security scheme, and the lists of
//! schemes that operations send.

use proc_macro2::TokenStream;
use quote::quote;

use crate::docs::doc_attrs;
use crate::ir::{Api, SchemeKind, SecurityScheme};
use crate::names::ident;

/// Security requirements as a constant: `&[&["api_key"], &[]]`.
pub fn requirements(security: &[Vec<String>]) -> TokenStream {
    let alternatives = security.iter().map(|schemes| quote! { &[#(#schemes),*] });
    quote! { &[#(#alternatives),*] }
}

/// `credentials.rs`: an `impl Client` with a setter for each scheme.
pub fn credentials_module(api: &Api) -> TokenStream {
    let setters = api.security_schemes.iter().map(setter);
    let keys = api.security_schemes.iter().any(|s| matches!(s.kind, SchemeKind::ApiKey { .. }));
    let key_place = keys.then(|| quote! { use crate::runtime::KeyPlace; });
    quote! {
        //! The client's credentials, one setter for each of the description's security schemes.

        use crate::runtime::Credential;
        #key_place
        use crate::Client;

        impl Client {
            #(#setters)*
        }
    }
}

fn setter(scheme: &SecurityScheme) -> TokenStream {
    let name = &scheme.name;
    let method = ident(&scheme.setter);
    let what = match &scheme.kind {
        SchemeKind::ApiKey { place, name: key } => {
            let place = match *place {
                "Query" => "query parameter",
                "Cookie" => "cookie",
                _ => "header",
            };
            format!("an API key, sent as the {place} `{key}`")
        }
        SchemeKind::Basic => "HTTP Basic authentication: a user name and a password".to_owned(),
        SchemeKind::Bearer => "a bearer token, sent as `Authorization: Bearer <token>`".to_owned(),
        SchemeKind::Http(http) => format!("HTTP `{http}` authentication, sent as `Authorization: {http} <value>`"),
    };
    let head = format!(
        " Sets the credential of the `{name}` security scheme: {what}. It is sent with the operations whose \
         security asks for it, and only to the client's own service."
    );
    let own = scheme.doc.as_deref().map(|text| {
        let text = doc_attrs(Some(text));
        quote! { #[doc = ""] #text }
    });
    let (arguments, credential) = match &scheme.kind {
        SchemeKind::ApiKey { place, name: key } => {
            let place = ident(place);
            (quote! { key: impl Into<String> }, quote! { Credential::api_key(KeyPlace::#place, #key, key) })
        }
        SchemeKind::Basic => (
            quote! { user: impl AsRef<str>, password: impl AsRef<str> },
            quote! { Credential::basic(user.as_ref(), password.as_ref()) },
        ),
        SchemeKind::Bearer => (quote! { token: impl Into<String> }, quote! { Credential::bearer(token) }),
        SchemeKind::Http(http) => {
            (quote! { value: impl Into<String> }, quote! { Credential::authorization(#http, value) })
        }
    };
    let source = scheme.source_setter.as_ref().map(|source| {
        let source = ident(source);
        let doc = format!(
            " Sets the credential of the `{name}` security scheme to a bearer token that `source` gives before \
             each request is sent, for tokens that expire: any credential library can fill it in. Requests \
             built with `build()` for another HTTP stack go without it."
        );
        quote! {
            #[doc = #doc]
            pub fn #source<F, Fut>(self, source: F) -> Client
            where
                F: Fn() -> Fut + Send + Sync + 'static,
                Fut: std::future::Future<Output = Result<String, Box<dyn std::error::Error + Send + Sync>>>
                    + Send
                    + 'static,
            {
                Client { connection: self.connection.credential(#name, Credential::bearer_source(source)) }
            }
        }
    });
    let azure = scheme.token_credential.as_ref().map(|setter| {
        let setter = ident(setter);
        let doc = format!(
            " Sets the credential of the `{name}` security scheme to bearer tokens from an Azure Identity \
             credential, asked for `scopes` before each request is sent: `azure_identity`'s client secret, \
             client certificate, managed identity or developer tools credential, or any other \
             `azure_core` token credential. For Microsoft Graph the scope is \
             `https://graph.microsoft.com/.default`. Requests built with `build()` for another HTTP stack go \
             without it."
        );
        quote! {
            crate::runtime::with_azure_identity! {
                #[doc = #doc]
                pub fn #setter<S: Into<String>>(
                    self,
                    credential: std::sync::Arc<dyn crate::runtime::TokenCredential>,
                    scopes: impl IntoIterator<Item = S>,
                ) -> Client {
                    Client { connection: self.connection.credential(#name, Credential::token_credential(credential, scopes)) }
                }
            }
        }
    });
    let grant = scheme.client_credentials.as_ref().map(|(token_url, setter)| {
        let setter = ident(setter);
        let doc = format!(
            " Sets the credential of the `{name}` security scheme to the OAuth 2.0 client credentials grant at \
             `{token_url}`, for `scopes`: the client fetches a token before the first request that needs it, keeps \
             it until a minute before it expires, and fetches a new one then. Requests built with `build()` for \
             another HTTP stack go without it."
        );
        quote! {
            #[doc = #doc]
            pub fn #setter<S: Into<String>>(
                self,
                client_id: impl Into<String>,
                client_secret: impl Into<String>,
                scopes: impl IntoIterator<Item = S>,
            ) -> Client {
                let grant = Credential::client_credentials(#token_url, client_id, client_secret, scopes);
                Client { connection: self.connection.credential(#name, grant) }
            }
        }
    });
    quote! {
        #[doc = #head]
        #own
        pub fn #method(self, #arguments) -> Client {
            Client { connection: self.connection.credential(#name, #credential) }
        }

        #source

        #azure

        #grant
    }
}
