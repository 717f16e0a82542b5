//! Twilio's `x-twilio` vendor extension on path items, read leniently: it steers naming and nesting,
//! but everything it says can also be derived from the OpenAPI data, so a missing, malformed or
//! unknown field is a warning and the generator falls back to the path itself.

use serde_json::Value;

use crate::diagnostics::{Diagnostics, pointer};

/// `x-twilio` on a path item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XTwilio {
    /// Whether the path is a collection or a single record (guessed from the path when absent).
    pub path_type: PathType,
    /// The parent instance path, without the version prefix (`/Services/{Sid}`).
    pub parent: Option<String>,
    /// Properties Twilio's CLI shows by default.
    pub default_output_properties: Vec<String>,
    /// Overrides the accessor name on the parent (`delivery_receipts`).
    pub mount_name: Option<String>,
    /// Overrides the resource's class name (`conversation_with_participants`).
    pub class_name: Option<String>,
}

/// `x-twilio.pathType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathType {
    /// A collection: list and create.
    List,
    /// One record: fetch, update, delete.
    Instance,
}

impl PathType {
    /// The role a path's shape suggests: a path that ends in a parameter (`/Services/{Sid}`,
    /// `/Calls/{Sid}.json`) is one record, anything else a collection.
    pub fn guess(template: &str) -> Self {
        let path = template.trim_end_matches('/');
        let path = path.strip_suffix(".json").unwrap_or(path);
        if path.ends_with('}') {
            PathType::Instance
        } else {
            PathType::List
        }
    }
}

impl XTwilio {
    /// Reads `x-twilio` of the path item `template` (at `item_ptr`). Fields the generator does not
    /// use are ignored; a field it uses that is missing or malformed is a warning and falls back.
    pub fn read(value: &Value, template: &str, item_ptr: &str, diags: &mut Diagnostics) -> Self {
        let ptr = pointer(item_ptr, &["x-twilio"]);
        let guessed = PathType::guess(template);
        let Some(object) = value.as_object() else {
            diags.warning(
                &ptr,
                None,
                "x-twilio is not an object; ignored, the resource role is guessed from the path",
            );
            return Self::guessed(template);
        };
        let field_ptr = |name: &str| pointer(&ptr, &[name]);
        let path_type = match object.get("pathType").map(|v| (v, v.as_str())) {
            Some((_, Some("list"))) => PathType::List,
            Some((_, Some("instance"))) => PathType::Instance,
            None => {
                diags.warning(
                    &ptr,
                    None,
                    format!(
                        "x-twilio has no pathType; guessed `{}` from the path",
                        guessed.name()
                    ),
                );
                guessed
            }
            Some((other, _)) => {
                diags.warning(
                    field_ptr("pathType"),
                    None,
                    format!(
                        "unknown x-twilio.pathType {other}; guessed `{}` from the path",
                        guessed.name()
                    ),
                );
                guessed
            }
        };
        let mut text = |name: &str| match object.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                diags.warning(
                    field_ptr(name),
                    None,
                    format!("x-twilio.{name} should be a string, found {other}; ignored"),
                );
                None
            }
        };
        let parent = text("parent");
        let mount_name = text("mountName");
        let class_name = text("className");
        let default_output_properties = match object.get("defaultOutputProperties") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            Some(_) => {
                diags.warning(
                    field_ptr("defaultOutputProperties"),
                    None,
                    "x-twilio.defaultOutputProperties should be a list of names; ignored",
                );
                Vec::new()
            }
        };
        Self {
            path_type,
            parent,
            default_output_properties,
            mount_name,
            class_name,
        }
    }

    /// What is assumed for a path without usable `x-twilio`.
    pub fn guessed(template: &str) -> Self {
        Self {
            path_type: PathType::guess(template),
            parent: None,
            default_output_properties: Vec::new(),
            mount_name: None,
            class_name: None,
        }
    }
}

impl PathType {
    fn name(self) -> &'static str {
        match self {
            PathType::List => "list",
            PathType::Instance => "instance",
        }
    }
}
