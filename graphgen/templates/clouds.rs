//! Microsoft Graph's national clouds: the same API served from other hosts, each signed in
//! to at its own Microsoft Entra ID authority.

/// A deployment of Microsoft Graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NationalCloud {
    /// The global service, `graph.microsoft.com`.
    Global,
    /// Microsoft Graph for US Government L4, `graph.microsoft.us`.
    UsGovernment,
    /// Microsoft Graph for US Government L5 (DOD), `dod-graph.microsoft.us`.
    UsGovernmentDod,
    /// Microsoft Graph China operated by 21Vianet, `microsoftgraph.chinacloudapi.cn`.
    China,
}

impl NationalCloud {
    /// The origin of the cloud's Graph service.
    pub fn graph_origin(self) -> &'static str {
        match self {
            NationalCloud::Global => "https://graph.microsoft.com",
            NationalCloud::UsGovernment => "https://graph.microsoft.us",
            NationalCloud::UsGovernmentDod => "https://dod-graph.microsoft.us",
            NationalCloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The origin of the cloud's Microsoft Entra ID authority, where its tokens come from.
    pub fn authority_origin(self) -> &'static str {
        match self {
            NationalCloud::Global => "https://login.microsoftonline.com",
            NationalCloud::UsGovernment | NationalCloud::UsGovernmentDod => "https://login.microsoftonline.us",
            NationalCloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// The scope that asks for every permission the application was granted on the cloud's
    /// Graph: `https://graph.microsoft.us/.default`.
    pub fn default_scope(self) -> String {
        format!("{}/.default", self.graph_origin())
    }

    /// The base URL of this crate's API in the cloud: the description's path (`/v1.0`,
    /// `/beta`) on the cloud's Graph origin.
    pub fn base_url(self) -> String {
        let path = crate::DEFAULT_BASE_URL.strip_prefix("https://graph.microsoft.com").unwrap_or("");
        format!("{}{path}", self.graph_origin())
    }

    /// A client of the cloud's Graph, without credentials.
    pub fn client(self) -> crate::Client {
        crate::Client { connection: crate::runtime::Connection::new(&self.base_url()) }
    }
}
