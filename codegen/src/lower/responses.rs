//! What an operation's success answer holds: nothing, a value, or a page of records.

use super::*;

/// The response that is the operation's answer: its first 2xx; failing that, a 3xx that has a body
/// (API v2010's recording add-on payload data answers `307` with `{"redirect_to": …}`), whose status
/// is returned too so the client can take it as the answer rather than an error.
pub(super) fn success_response(
    op: &openapiv3::Operation,
) -> Option<(String, &ReferenceOr<openapiv3::Response>, Option<u16>)> {
    let responses = &op.responses.responses;
    responses
        .iter()
        .find_map(|(code, r)| match code {
            openapiv3::StatusCode::Code(c) if (200..300).contains(c) => {
                Some((c.to_string(), r, None))
            }
            openapiv3::StatusCode::Range(2) => Some(("2XX".to_owned(), r, None)),
            _ => None,
        })
        .or_else(|| {
            responses.iter().find_map(|(code, r)| match (code, r) {
                (openapiv3::StatusCode::Code(c), ReferenceOr::Item(item))
                    if (300..400).contains(c) && !item.content.is_empty() =>
                {
                    Some((c.to_string(), r, Some(*c)))
                }
                _ => None,
            })
        })
}

impl Lowering<'_> {
    /// What a successful answer holds. A problem (pointer, message) leaves the operation out.
    pub(super) fn response(
        &mut self,
        op: &openapiv3::Operation,
        op_ptr: &str,
        id: &str,
        resource: &str,
    ) -> Result<ResponseKind, (String, String)> {
        let Some((code, response, _)) = success_response(op) else {
            return Err((
                pointer(op_ptr, &["responses"]),
                "the operation declares no success (2xx) response, nor a 3xx answer with a body"
                    .to_owned(),
            ));
        };
        let resp_ptr = pointer(op_ptr, &["responses", &code]);
        let resolved = match response {
            ReferenceOr::Reference { reference } => self
                .spec
                .resolve(reference)
                .map(|(p, v)| (p.to_owned(), v.clone())),
            ReferenceOr::Item(_) => self
                .spec
                .at(&resp_ptr)
                .map(|v| (resp_ptr.clone(), v.clone())),
        };
        let Some((resp_ptr, response_value)) = resolved else {
            return Ok(ResponseKind::Value(TypeRef::Json)); // a dangling reference, reported by validation
        };
        let Some(content) = response_value.get("content").and_then(Value::as_object) else {
            return Ok(ResponseKind::Empty);
        };
        let Some((content_type, media)) = content
            .iter()
            .find(|(ct, _)| super::operations::is_json_media(ct))
            .or_else(|| content.iter().next())
        else {
            return Ok(ResponseKind::Empty);
        };
        if !super::operations::is_json_media(content_type) {
            return Err((
                pointer(&resp_ptr, &["content", content_type]),
                format!("responses of type {content_type:?} are not supported"),
            ));
        }
        let schema_ptr = pointer(&resp_ptr, &["content", content_type, "schema"]);
        let Some(schema) = media.get("schema") else {
            return Ok(ResponseKind::Value(TypeRef::Json));
        };
        if let Some(page) = self.page_envelope(schema, &schema_ptr, id, resource) {
            return Ok(page);
        }
        Ok(ResponseKind::Value(self.lower_type(
            schema,
            &schema_ptr,
            resource,
            Some(id),
        )))
    }
}
