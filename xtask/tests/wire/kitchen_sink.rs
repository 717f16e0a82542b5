//! Copied into the crate generated from the `kitchen_sink.json` fixture by `xtask/tests/specs.rs` and
//! run there: a `oneOf`/`anyOf` union decodes by trying each alternative in spec order, keeps a value
//! that fits none as JSON, and encodes each alternative as itself (what serde's `untagged` derive did
//! before generated crates stopped needing derive macros).

use gen_kitchen_sink::call::{SinkV1CallAnsweredBy, SinkV1CallPriceUnit};
use gen_kitchen_sink::configuration::NodeChild;
use serde_json::json;

#[test]
fn unions_try_each_alternative_in_order_and_keep_what_fits_none() {
    let answered: Vec<SinkV1CallAnsweredBy> =
        serde_json::from_value(json!(["human", true, 3, null, {"a": [1]}])).unwrap();
    assert_eq!(
        answered,
        [
            SinkV1CallAnsweredBy::Text("human".into()),
            SinkV1CallAnsweredBy::Boolean(true),
            SinkV1CallAnsweredBy::Other(json!(3)),
            SinkV1CallAnsweredBy::Other(json!(null)),
            SinkV1CallAnsweredBy::Other(json!({"a": [1]})),
        ]
    );
    assert_eq!(
        serde_json::to_value(&answered).unwrap(),
        json!(["human", true, 3, null, {"a": [1]}])
    );

    // `Number` comes first: numeric text is a number (as the decimal type reads it), other text is text.
    let prices: Vec<SinkV1CallPriceUnit> =
        serde_json::from_value(json!([0.5, "0.25", "USD"])).unwrap();
    assert!(
        matches!(&prices[0], SinkV1CallPriceUnit::Number(n) if n.to_string() == "0.5"),
        "{prices:?}"
    );
    assert!(
        matches!(&prices[1], SinkV1CallPriceUnit::Number(n) if n.to_string() == "0.25"),
        "{prices:?}"
    );
    assert_eq!(prices[2], SinkV1CallPriceUnit::Text("USD".into()));
}

#[test]
fn a_recursive_union_decodes_its_record_alternative_first() {
    let child: NodeChild =
        serde_json::from_value(json!({"label": "a", "child": "leaf"})).unwrap();
    let NodeChild::Node(node) = &child else {
        panic!("not a node: {child:?}");
    };
    assert_eq!(node.label.as_deref(), Some("a"));
    assert_eq!(
        node.child.as_deref(),
        Some(&NodeChild::Text("leaf".into()))
    );
    assert_eq!(
        serde_json::to_value(&child).unwrap(),
        json!({"label": "a", "child": "leaf"})
    );
}
