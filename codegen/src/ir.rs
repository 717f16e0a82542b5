//! The intermediate model: everything an emitter needs, already decided. Emitters never look at
//! the OpenAPI document; every question (names, optionality, pagination, wire names) is answered here.

use indexmap::IndexMap;
use serde::Serialize;

/// A whole API (one spec file).
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server URL (`https://proxy.twilio.com`).
    pub base_url: String,
    /// The Twilio product, from the server's host (`proxy`); selects hand-written extensions.
    pub product: String,
    /// Resources in spec order; parents come before their children.
    pub resources: Vec<Resource>,
    /// The account resource (`/Accounts/{Sid}`, API v2010) whose children the client also reaches
    /// directly, for the account it authenticates as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_account: Option<usize>,
    /// Every model struct.
    pub models: Vec<Model>,
    /// Every enum.
    pub enums: Vec<EnumType>,
    /// Every `oneOf`/`anyOf` union.
    pub unions: Vec<UnionType>,
    /// Request objects declared by overrides (`overrides.rs`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requests: Vec<RequestType>,
    /// SID types, one per prefix the spec's patterns fix, by prefix.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sids: Vec<SidType>,
    /// The `x-maturity` levels the operations carry (`Beta`), with what the spec says each means.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub maturity: Vec<Maturity>,
    /// The list the crate docs show as a first example, if one fits.
    pub example: Option<ExampleList>,
    /// Operations of the spec the crate does not have, each with the construct that stopped it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<LeftOut>,
}

/// An operation left out of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// Its operationId.
    pub operation_id: String,
    /// JSON pointer to the construct the generator cannot express.
    pub pointer: String,
    /// What that construct is.
    pub reason: String,
}

/// A top-level list that needs no arguments and takes a page size: `client.services().list()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExampleList {
    /// The client's accessor: `services`.
    pub accessor: String,
    /// The list method: `list`.
    pub method: String,
}

impl Api {
    /// Resources whose parent is `parent` (`None`: top-level, hung off the client).
    pub fn children_of(&self, parent: Option<usize>) -> impl Iterator<Item = &Resource> {
        self.resources.iter().filter(move |r| r.parent == parent)
    }

    /// The Rust modules of the generated crate, in order (resources' modules first), with what each
    /// one holds. One pass over the API: emitting a module never scans the whole spec.
    pub fn modules(&self) -> IndexMap<&str, ModuleItems<'_>> {
        let mut modules: IndexMap<&str, ModuleItems<'_>> = IndexMap::new();
        for (index, r) in self.resources.iter().enumerate() {
            modules.entry(&r.module).or_default().resources.push(index);
        }
        for m in &self.models {
            modules.entry(&m.module).or_default().models.push(m);
        }
        for e in &self.enums {
            modules.entry(&e.module).or_default().enums.push(e);
        }
        for u in &self.unions {
            modules.entry(&u.module).or_default().unions.push(u);
        }
        for r in &self.requests {
            modules.entry(&r.module).or_default().requests.push(r);
        }
        modules
    }
}

/// One `x-maturity` level: Twilio's word for how settled an operation is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Maturity {
    /// `Beta`, `Preview`, `GA`.
    pub name: String,
    /// What the spec's top-level `x-maturity` says it means ("PLEASE NOTE that this is a Beta
    /// product that is subject to change. Use it with caution.").
    pub description: Option<String>,
    /// How many operations carry it.
    pub operations: usize,
}

/// What one module of the generated crate holds, in IR order.
#[derive(Debug, Default)]
pub struct ModuleItems<'a> {
    /// Indices of its resources in [`Api::resources`].
    pub resources: Vec<usize>,
    /// Its models.
    pub models: Vec<&'a Model>,
    /// Its enums.
    pub enums: Vec<&'a EnumType>,
    /// Its unions.
    pub unions: Vec<&'a UnionType>,
    /// Its request objects (declared by overrides).
    pub requests: Vec<&'a RequestType>,
}

/// The SID type of one prefix: `ServiceSid` for `KS…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SidType {
    /// `ServiceSid`.
    pub name: String,
    /// `KS`.
    pub prefix: String,
}

/// The module that holds every SID type.
pub const SID_MODULE: &str = "sid";

/// A request object an override declares: the override, and the module it is emitted in.
#[derive(Debug, Clone, Serialize)]
pub struct RequestType {
    /// `NewParticipant`.
    pub name: String,
    /// The module that holds it.
    pub module: String,
    /// The spec location it replaces.
    pub pointer: String,
    /// Its documentation.
    pub doc: String,
    /// Why the override exists, and where the real shape is documented.
    pub reason: String,
    /// The members it names, in wire order: the first is required (`new`, `From<&str>`); others
    /// have setters. Any other member is set with `member(name, json)`.
    pub members: Vec<RequestMember>,
}

/// One member of a [`RequestType`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestMember {
    /// The JSON key: `FriendlyName`.
    pub wire: String,
    /// The field and setter name: `friendly_name`.
    pub rust: String,
    /// Its documentation.
    pub doc: String,
}

/// A Twilio resource: a list endpoint and/or an instance endpoint with the same record type.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    /// `PhoneNumber`.
    pub name: String,
    /// The module that holds it: `phone_number`.
    pub module: String,
    /// Description of the resource (from the path items).
    pub doc: Option<String>,
    /// Index of the parent resource in [`Api::resources`].
    pub parent: Option<usize>,
    /// The list endpoint (`/v1/Services/{ServiceSid}/PhoneNumbers`).
    pub list: Option<Endpoint>,
    /// The instance endpoint (`/v1/Services/{ServiceSid}/PhoneNumbers/{Sid}`).
    pub instance: Option<Endpoint>,
    /// `x-twilio.defaultOutputProperties`.
    pub default_output_properties: Vec<String>,
    /// The record type: the model its operations answer with (one record, or a page of them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
}

/// One path of a resource, with the handle type that reaches it.
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    /// The handle struct: `PhoneNumberList` / `PhoneNumberContext`.
    pub handle: String,
    /// The accessor on the parent handle (or the client): `phone_numbers` / `phone_number`.
    pub accessor: String,
    /// The path.
    pub path: PathTemplate,
    /// How many leading path parameters the parent handle supplies; the rest are accessor arguments.
    pub inherited_params: usize,
    /// The operations on this path.
    pub operations: Vec<Operation>,
}

/// A path template split into literal and parameter segments.
#[derive(Debug, Clone, Serialize)]
pub struct PathTemplate {
    /// As written in the spec: `/v1/Services/{ServiceSid}`.
    pub template: String,
    /// The segments after the leading `/`.
    pub segments: Vec<Segment>,
}

impl PathTemplate {
    /// The parameter segments, in order.
    pub fn params(&self) -> impl Iterator<Item = &PathParam> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param(p) => Some(p),
            Segment::Literal(_) => None,
        })
    }
}

/// One segment of a path.
#[derive(Debug, Clone, Serialize)]
pub enum Segment {
    /// Fixed text, already safe to put in a URL.
    Literal(String),
    /// A `{Name}` placeholder.
    Param(PathParam),
}

/// A path parameter.
#[derive(Debug, Clone, Serialize)]
pub struct PathParam {
    /// Name in the template: `ServiceSid`.
    pub wire: String,
    /// Rust field / argument name: `service_sid`.
    pub rust: String,
    /// Description from the first operation that declares it.
    pub doc: Option<String>,
    /// Its SID type ([`SidType::name`]), if it is a SID of a known kind. One parameter has one type
    /// along the resource tree: the parent handle's, the child's and the record field's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// The property of the resource's record that holds this parameter's value (`sid` for the
    /// resource's own `{Sid}`, `service_sid` for `{ServiceSid}`), if the record has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Literal text before the parameter in its segment (rare).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// Literal text after the parameter in its segment: `.json` in `{Sid}.json`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub suffix: String,
}

/// HTTP methods the generator supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HttpMethod {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl HttpMethod {
    /// Every method the generator supports, in the order operations are emitted.
    pub const ALL: [HttpMethod; 5] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
    ];

    /// The method's key in an OpenAPI path item (`get`).
    pub fn spec_key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Post => "post",
            HttpMethod::Put => "put",
            HttpMethod::Patch => "patch",
            HttpMethod::Delete => "delete",
        }
    }

    /// The method a path item key names (`get`), if the generator supports it.
    pub fn from_spec_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.spec_key() == key)
    }

    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// The most required parameters an operation takes as positional arguments; more are passed as one
/// struct (see [`Operation::required_struct`]). Twilio's largest (v2010's `CreateAddress`) has six.
pub const MAX_POSITIONAL_REQUIRED: usize = 4;

/// One API operation.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `CreateSession`.
    pub id: String,
    /// The handle method: `create`.
    pub method_name: String,
    /// The request builder type: `CreateSessionRequest`.
    pub builder: String,
    /// When the operation has more required parameters than read well as arguments
    /// ([`MAX_POSITIONAL_REQUIRED`]): the struct that carries them (`CreateAddressRequired`), the
    /// method's one argument. Its fields are all required, so the compiler checks that each is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_struct: Option<String>,
    /// HTTP method.
    pub http_method: HttpMethod,
    /// The spec's description.
    pub doc: Option<String>,
    /// Query parameters, in spec order.
    pub query: Vec<Param>,
    /// Header parameters, in spec order.
    pub headers: Vec<Param>,
    /// Request body, if the operation takes one.
    pub body: Option<Body>,
    /// What a successful answer holds.
    pub response: ResponseKind,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// The operation's own server, when its `servers` (or its path item's) name another base URL
    /// than the API's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// Groups of optional parameters (wire names) of which at least one must be set
    /// (`x-twilio.conditional`: `[["Body", "MediaUrl"]]`): checked before sending.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<Vec<String>>,
    /// Its `x-maturity` levels (`Beta`): named in its documentation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub maturity: Vec<String>,
    /// The status of its success answer in the spec (`201` for most creates, `200`, `204`): what
    /// the `testing` fake answers with.
    pub status: u16,
    /// The JSON media type of its request body or answer when it is not `application/json`
    /// (`application/scim+json`, IAM Organizations' SCIM users): sent as the body's `Content-Type`
    /// and first in `Accept`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The operation answers with this 3xx status and a body instead of a 2xx (API v2010's
    /// recording add-on payload data: `307` with `redirect_to`); the client takes it as the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_answer: Option<u16>,
}

impl Operation {
    /// Every non-path parameter, in wire order: query first, then body fields.
    pub fn params(&self) -> impl Iterator<Item = &Param> {
        self.query
            .iter()
            .chain(self.headers.iter())
            .chain(self.body.iter().flat_map(|b| b.fields.iter()))
    }
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// The content type.
    pub encoding: BodyEncoding,
    /// The fields, in spec order (which is wire order).
    pub fields: Vec<Param>,
}

/// How a body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BodyEncoding {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/json`: the fields are the members of one JSON object.
    Json,
}

/// A query parameter or body field.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// Name on the wire, verbatim: `UniqueName`.
    pub wire: String,
    /// Rust setter / argument name: `unique_name`.
    pub rust: String,
    /// Value type.
    pub ty: TypeRef,
    /// Whether the caller must give it (a positional argument).
    pub required: bool,
    /// Description.
    pub doc: Option<String>,
    /// Twilio's paging role, for list operations.
    pub paging: Option<PagingParam>,
    /// A value its pattern or format accepts, when they constrain it (`KS000…`, a URL), for tests
    /// that must send what the spec allows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Where it is sent.
    pub location: ParamLocation,
    /// Whether the spec marks it deprecated (the parameter or its schema): its setter is
    /// `#[deprecated]`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// The property of the resource's record this parameter sets or filters on, by Twilio's
    /// naming (`FriendlyName` → `friendly_name`), when the record has it; the `testing` fake
    /// stores and filters by it. A range filter (`StartTime<`) names none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A field of a form body.
    Form,
    /// A member of a JSON object body.
    Json,
    /// The whole JSON body.
    JsonBody,
}

/// The paging parameters Twilio list operations share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PagingParam {
    /// `PageSize`.
    PageSize,
    /// `Page`.
    Page,
    /// `PageToken`.
    PageToken,
}

/// What a successful answer holds.
#[derive(Debug, Clone, Serialize)]
pub enum ResponseKind {
    /// No body (`204`).
    Empty,
    /// One value.
    Value(TypeRef),
    /// A page of records under `key`, with `meta`.
    Page {
        /// The record type.
        item: TypeRef,
        /// The property that holds the records (`sessions`).
        key: String,
        /// Paging data at the top level (`next_page_uri`, API v2010) instead of in `meta`.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        legacy: bool,
        /// Whether the spec lets the next and previous page links be `null` (older specs do not,
        /// though Twilio sends `null` on the last page): the `testing` fake then leaves them out.
        #[serde(skip_serializing_if = "is_true")]
        links_nullable: bool,
    },
}

/// A value type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum TypeRef {
    /// Text.
    String,
    /// `integer` (`int32` → 32 bits, otherwise 64).
    Integer {
        /// Width in bits.
        bits: u8,
    },
    /// A non-negative count the spec bounds (a page size, a page number): `u32`.
    Count,
    /// A request object declared by an override (`overrides.rs`), sent as JSON text.
    Request(String),
    /// A SID of a known kind ([`SidType::name`]): text on the wire, its own type in Rust.
    Sid(String),
    /// `number` with `format: float` or `double` (scores, rates): `f64`.
    Number,
    /// `number` without a format (prices, coordinates, amounts): a decimal kept as the text Twilio
    /// sent (`"-0.05000"`), `twilio_runtime::Decimal`.
    Decimal,
    /// `boolean`.
    Boolean,
    /// `date-time` (RFC 3339).
    DateTime,
    /// `date-time-rfc-2822`.
    DateTimeRfc2822,
    /// `date`.
    Date,
    /// Any JSON (`{}`, a free-form object).
    Json,
    /// A named enum.
    Enum(String),
    /// A named model struct.
    Model(String),
    /// A named `oneOf`/`anyOf` union.
    Union(String),
    /// A list.
    Array(Box<TypeRef>),
    /// An object with arbitrary keys (`uri-map`, `additionalProperties`).
    Map(Box<TypeRef>),
}

/// A type that an item of the crate declares, as a [`TypeRef`] names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named<'a> {
    /// A SID type (`sid` module).
    Sid(&'a str),
    /// An enum.
    Enum(&'a str),
    /// A model struct.
    Model(&'a str),
    /// A union.
    Union(&'a str),
    /// A request object an override declares.
    Request(&'a str),
}

impl Named<'_> {
    /// The type's name.
    pub fn name(&self) -> &str {
        match self {
            Named::Sid(n)
            | Named::Enum(n)
            | Named::Model(n)
            | Named::Union(n)
            | Named::Request(n) => n,
        }
    }

    /// A model or a union: sent as JSON where only text goes (a query, header or form value).
    pub fn is_structured(&self) -> bool {
        matches!(self, Named::Model(_) | Named::Union(_))
    }
}

impl TypeRef {
    /// The one traversal of a type: `visit` sees this type, then (when it returns `true`) the
    /// types inside it (a list's items, a map's values), depth first. A new variant with a type
    /// inside is added here, and every walk sees it.
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a TypeRef) -> bool) {
        if !visit(self) {
            return;
        }
        match self {
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.walk(visit),
            TypeRef::String
            | TypeRef::Integer { .. }
            | TypeRef::Count
            | TypeRef::Request(_)
            | TypeRef::Sid(_)
            | TypeRef::Number
            | TypeRef::Decimal
            | TypeRef::Boolean
            | TypeRef::DateTime
            | TypeRef::DateTimeRfc2822
            | TypeRef::Date
            | TypeRef::Json
            | TypeRef::Enum(_)
            | TypeRef::Model(_)
            | TypeRef::Union(_) => {}
        }
    }

    /// The declared type this type is itself, if any (not the ones inside it).
    pub fn as_named(&self) -> Option<Named<'_>> {
        match self {
            TypeRef::Sid(n) => Some(Named::Sid(n)),
            TypeRef::Enum(n) => Some(Named::Enum(n)),
            TypeRef::Model(n) => Some(Named::Model(n)),
            TypeRef::Union(n) => Some(Named::Union(n)),
            TypeRef::Request(n) => Some(Named::Request(n)),
            TypeRef::String
            | TypeRef::Integer { .. }
            | TypeRef::Count
            | TypeRef::Number
            | TypeRef::Decimal
            | TypeRef::Boolean
            | TypeRef::DateTime
            | TypeRef::DateTimeRfc2822
            | TypeRef::Date
            | TypeRef::Json
            | TypeRef::Array(_)
            | TypeRef::Map(_) => None,
        }
    }

    /// Every declared type this type mentions (itself and inside lists and maps), outermost first.
    pub fn named(&self) -> Vec<Named<'_>> {
        let mut out = Vec::new();
        self.walk(&mut |t| {
            out.extend(t.as_named());
            true
        });
        out
    }

    /// The models a value of this type can be: the model itself, or a union's model alternatives
    /// in spec order (an answer that is `oneOf` a record and its `_v2`).
    pub fn models<'a>(&'a self, unions: &'a [UnionType]) -> Vec<&'a str> {
        match self {
            TypeRef::Model(name) => vec![name.as_str()],
            TypeRef::Union(name) => unions
                .iter()
                .filter(|u| &u.name == name)
                .flat_map(|u| &u.variants)
                .filter_map(|v| match &v.ty {
                    TypeRef::Model(name) => Some(name.as_str()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A response model struct.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// `Session`.
    pub name: String,
    /// Module it lives in.
    pub module: String,
    /// Where it comes from (`#/components/schemas/proxy.v1.service.session`).
    pub source: String,
    /// Description.
    pub doc: Option<String>,
    /// Fields in spec order.
    pub fields: Vec<Field>,
}

/// A model field. Every field is optional (Twilio marks them all nullable).
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// JSON name: `date_created`.
    pub wire: String,
    /// Rust name: `date_created` (`r#type` for `type`).
    pub rust: String,
    /// Value type.
    pub ty: TypeRef,
    /// Description.
    pub doc: Option<String>,
    /// Held in a `Box`: the field's type contains this model again (`Service.parent_service`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
    /// Whether the spec allows `null` (Twilio marks most properties nullable). The Rust field is an
    /// `Option` either way; the `testing` fake never answers `null` for a field that is not.
    #[serde(skip_serializing_if = "is_true")]
    pub nullable: bool,
    /// The spec's `default`, if it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// A value its pattern or format accepts, when they constrain it (see [`Param::example`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// A credential (an Account's `auth_token`, a new key's `secret`, OAuth tokens): the record's
    /// `Debug` shows `<redacted>` for it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
    /// Whether the spec marks the property deprecated: the field is `#[deprecated]`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

fn is_true(value: &bool) -> bool {
    *value
}

/// A string enum with a catch-all for values this version does not know.
#[derive(Debug, Clone, Serialize)]
pub struct EnumType {
    /// `SessionMode`.
    pub name: String,
    /// Module it lives in.
    pub module: String,
    /// Where it comes from.
    pub source: String,
    /// Description.
    pub doc: Option<String>,
    /// Known values in spec order.
    pub values: Vec<EnumValue>,
}

/// A `oneOf`/`anyOf`: the first variant whose type fits the JSON wins; anything else is kept as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct UnionType {
    /// `PriceValue`.
    pub name: String,
    /// Module it lives in.
    pub module: String,
    /// Where it comes from.
    pub source: String,
    /// Description.
    pub doc: Option<String>,
    /// The alternatives, in spec order.
    pub variants: Vec<UnionVariant>,
}

/// One alternative of a union.
#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    /// Variant name: `String`, `Integer`, `Call`.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Held in a `Box`: the variant's type contains this union again.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
}

/// One enum value.
#[derive(Debug, Clone, Serialize)]
pub struct EnumValue {
    /// On the wire: `in-progress`.
    pub wire: String,
    /// Variant name: `InProgress`.
    pub variant: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_sees_every_type_inside_and_can_stop_at_one() {
        let ty = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Request(
            "NewParticipant".into(),
        )))));
        assert_eq!(ty.named(), [Named::Request("NewParticipant")]);
        let union = TypeRef::Array(Box::new(TypeRef::Union("Price".into())));
        assert_eq!(union.named(), [Named::Union("Price")]);
        assert!(union.named()[0].is_structured());
        assert!(!Named::Sid("ServiceSid").is_structured());
        // Not descending into the map: nothing inside it is seen.
        let mut seen = 0;
        ty.walk(&mut |t| {
            seen += 1;
            !matches!(t, TypeRef::Map(_))
        });
        assert_eq!(seen, 1);
        assert!(TypeRef::Json.named().is_empty());
    }
}
