//! List answers: the page envelope (Twilio's `meta` object or the older `next_page_uri` style) and
//! the list the crate docs use as their first example.

use super::*;

/// The paging role of a list operation's query parameter, by Twilio's names.
pub(super) fn paging_role(name: &str) -> Option<PagingParam> {
    match name {
        "PageSize" => Some(PagingParam::PageSize),
        "Page" => Some(PagingParam::Page),
        "PageToken" => Some(PagingParam::PageToken),
        _ => None,
    }
}

/// Paging roles only mean something for paged answers, and only an integer PageSize can carry the
/// limit-derived page size: a differently typed PageSize is an ordinary parameter. The integer paging
/// parameters are counts (Twilio bounds PageSize to 1..=1000 and pages from 0), so they take a `u32`.
pub(super) fn keep_usable_paging_roles(query: &mut [Param], response: &ResponseKind) {
    let paged = matches!(response, ResponseKind::Page { .. });
    for p in query {
        let integer = matches!(p.ty, TypeRef::Integer { .. });
        let usable = match p.paging {
            Some(PagingParam::PageSize) => paged && integer,
            Some(_) => paged,
            None => true,
        };
        if !usable {
            p.paging = None;
        } else if p.paging.is_some() && integer {
            p.ty = TypeRef::Count;
        }
    }
}

impl Lowering<'_> {
    /// A list answer: an object with exactly one array of records and paging data, either Twilio's
    /// `meta` object or the older top-level `next_page_uri` style. A `$ref` is looked through.
    pub(super) fn page_envelope(
        &mut self,
        schema: &Value,
        ptr: &str,
        id: &str,
        resource: &str,
    ) -> Option<ResponseKind> {
        let (schema, ptr) = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let (target_ptr, target) = self.spec.resolve(reference)?;
                (target.clone(), target_ptr.to_owned())
            }
            None => (schema.clone(), ptr.to_owned()),
        };
        let props = schema.get("properties")?.as_object()?;
        let paging = props.contains_key(PAGE_META) || props.contains_key("next_page_uri");
        if !paging {
            return None;
        }
        let arrays: Vec<(&String, &Value)> = props
            .iter()
            .filter(|(k, v)| {
                k.as_str() != PAGE_META && v.get("type").and_then(Value::as_str) == Some("array")
            })
            .collect();
        let [(key, array)] = arrays.as_slice() else {
            self.diags.warning(
                &ptr,
                Some(id),
                "answer has paging data but not exactly one array of records; decoded as a plain value",
            );
            return None;
        };
        let items = array.get("items").cloned().unwrap_or(Value::Null);
        let item_ptr = pointer(&ptr, &["properties", key, "items"]);
        let item = self.lower_type(&items, &item_ptr, resource, Some(id));
        let legacy = !props.contains_key(PAGE_META);
        let (links, link) = if legacy {
            (Some(&schema), "next_page_uri")
        } else {
            (props.get(PAGE_META), "next_page_url")
        };
        let links = links.map(|v| match v.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.spec.resolve(reference).map_or(v, |(_, t)| t),
            None => v,
        });
        let links_nullable = links
            .and_then(|l| l.pointer(&format!("/properties/{link}")))
            .is_none_or(|p| p.get("nullable").and_then(Value::as_bool) == Some(true));
        Some(ResponseKind::Page {
            item,
            key: (*key).clone(),
            legacy,
            links_nullable,
        })
    }
}

/// The first top-level list that can be called with no arguments and a page size, for the crate docs.
pub(super) fn example_list(resources: &[Resource]) -> Option<ExampleList> {
    resources
        .iter()
        .filter(|r| r.parent.is_none())
        .find_map(|r| {
            let endpoint = r.list.as_ref()?;
            if endpoint.path.params().next().is_some() {
                return None;
            }
            endpoint
                .operations
                .iter()
                .find(|op| {
                    matches!(op.response, ResponseKind::Page { .. })
                        && op.params().all(|p| !p.required)
                        && op.query.iter().any(|p| {
                            p.paging == Some(PagingParam::PageSize) && p.rust == "page_size"
                        })
                })
                .map(|op| ExampleList {
                    accessor: endpoint.accessor.clone(),
                    method: op.method_name.clone(),
                })
        })
}
