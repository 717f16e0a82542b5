//! The spec as tables: what the generated `testing` module tells the fake about its resources, paths,
//! operations, parameters and record fields.

/// What the fake knows about a spec: its resources.
#[doc(hidden)]
pub struct Spec {
    /// Resources, parents before children.
    pub resources: &'static [Resource],
}

/// One resource: its list and instance paths, the prefix of its SIDs and its record's fields.
#[doc(hidden)]
pub struct Resource {
    /// `Session`.
    pub name: &'static str,
    /// Index of the parent resource.
    pub parent: Option<usize>,
    /// The list path, if any.
    pub list: Option<PathSpec>,
    /// The instance path, if any.
    pub instance: Option<PathSpec>,
    /// The two letters its SIDs start with.
    pub sid_prefix: Option<&'static str>,
    /// The record field that holds the instance path's last parameter (`sid`, `identity`).
    pub id_field: Option<&'static str>,
    /// Name of this resource's list in its parent's `links` (`sessions`).
    pub link_name: &'static str,
    /// The record's fields.
    pub fields: &'static [Field],
}

impl Resource {
    /// Whether its records can be created: its list path takes a `POST`.
    pub(crate) fn creatable(&self) -> bool {
        self.list
            .as_ref()
            .is_some_and(|l| l.operations.iter().any(|o| o.method == "POST"))
    }

    /// Whether a record names the identifier its instance path takes: its SID, or the field of its
    /// own path parameter. (Numbers' webhook configurations are addressed by a type the client
    /// chooses, which the created record does not hold.)
    pub(crate) fn identifiable(&self) -> bool {
        self.id_field.is_some() || self.fields.iter().any(|f| f.wire == "sid")
    }
}

/// A path template and the operations on it.
#[doc(hidden)]
pub struct PathSpec {
    /// `/v1/Services/{ServiceSid}/Sessions/{Sid}`.
    pub template: &'static str,
    /// For each path parameter, in order: the record field it fills (`service_sid`).
    pub param_fields: &'static [Option<&'static str>],
    /// The operations.
    pub operations: &'static [Operation],
}

/// One operation.
#[doc(hidden)]
pub struct Operation {
    /// operationId.
    pub id: &'static str,
    /// `GET`, `POST`, …
    pub method: &'static str,
    /// Query, header and body parameters.
    pub params: &'static [Param],
    /// What a success answer holds.
    pub answer: Answer,
    /// The success status the spec gives it (`201` for most creates).
    pub status: u16,
}

/// What a success answer holds.
#[doc(hidden)]
pub enum Answer {
    /// A page of records under `key`; `legacy`: paging data at the top level (`next_page_uri`)
    /// instead of in `meta`; `links_nullable`: the spec lets the next and previous page links be
    /// `null` (else they are left out where there is no such page).
    Page {
        key: &'static str,
        legacy: bool,
        links_nullable: bool,
    },
    /// One record.
    Record,
    /// No body.
    Empty,
}

/// A parameter of an operation.
#[doc(hidden)]
pub struct Param {
    /// Its name on the wire.
    pub wire: &'static str,
    /// Its value's kind.
    pub kind: Kind,
    /// A list (repeated keys).
    pub list: bool,
    /// The caller must send it.
    pub required: bool,
    /// Sent in the query (else in the body).
    pub query: bool,
    /// The values an enum allows (empty: any).
    pub values: &'static [&'static str],
    /// The record field it sets (`FriendlyName` → `friendly_name`).
    pub field: Option<&'static str>,
    /// On a list, it filters by equality with that field (dates do not: their text differs).
    pub filter: bool,
    /// A value its pattern or format accepts, when they constrain it (`KS000…`, a URL).
    pub example: Option<&'static str>,
}

/// A record field.
#[doc(hidden)]
pub struct Field {
    /// Its JSON name.
    pub wire: &'static str,
    /// Its value's kind.
    pub kind: Kind,
    /// A list.
    pub list: bool,
    /// The spec allows `null`.
    pub nullable: bool,
    /// The spec's `default`, as JSON text.
    pub default: Option<&'static str>,
    /// An enum's values, in spec order (empty: any).
    pub values: &'static [&'static str],
    /// A value its pattern or format accepts, when they constrain it (`KS000…`, a URL).
    pub example: Option<&'static str>,
}

/// Value kinds, as the wire carries them.
#[derive(Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
#[allow(missing_docs, reason = "tables for generated code, hidden")]
pub enum Kind {
    Text,
    Integer,
    Number,
    Boolean,
    DateTime,
    DateTimeRfc2822,
    Date,
    Json,
}
