//! Twilio's `x-twilio` vendor extension on path items, deserialised once into types.

use serde::Deserialize;

/// `x-twilio` on a path item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct XTwilio {
    /// Whether the path is a collection or a single record.
    pub path_type: PathType,
    /// The parent instance path, without the version prefix (`/Services/{Sid}`).
    #[serde(default)]
    pub parent: Option<String>,
    /// Properties Twilio's CLI shows by default.
    #[serde(default)]
    pub default_output_properties: Vec<String>,
    /// Overrides the accessor name on the parent (`delivery_receipts`).
    #[serde(default)]
    pub mount_name: Option<String>,
    /// Overrides the resource's class name (`conversation_with_participants`).
    #[serde(default)]
    pub class_name: Option<String>,
    /// Child resources reachable from an instance, by name (informational).
    #[serde(default)]
    pub dependent_properties: Option<serde_json::Value>,
}

/// `x-twilio.pathType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PathType {
    /// A collection: list and create.
    List,
    /// One record: fetch, update, delete.
    Instance,
}
