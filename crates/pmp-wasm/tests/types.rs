//! The TypeScript declarations of the models, which the package's types are made of (tsify,
//! through pmp-core's `tsify` feature; wasm-bindgen writes them into `types/pmp_wasm.d.cts`):
//! every resource of pmp-core's declaration has its row and input interfaces, with each
//! column and input field. The list is made per row of the declaration by
//! `for_each_resource!`, so that a resource added there is checked here with no edit.
#![cfg(not(target_arch = "wasm32"))]

use pmp_core::{input_fields, FieldKind, Resource};
use tsify::Tsify;

/// `(resource, row model's declaration, input model's declaration)` of every resource.
macro_rules! declarations {
    ($( $Res:ident: $Row:ident, $Input:ident, parent $Parent:ident; )*) => {
        [$( (Resource::$Res, <pmp_core::$Row as Tsify>::DECL, <pmp_core::$Input as Tsify>::DECL) ),*]
    };
}

#[test]
fn every_resource_has_its_row_and_input_interfaces() {
    let all = pmp_core::for_each_resource!(declarations);
    assert_eq!(all.len(), Resource::COUNT);
    for (resource, row, input) in all {
        let info = resource.info();
        assert!(
            row.contains(&format!("export type {} = {{", info.model_name)),
            "{row}"
        );
        for column in info.resource.row_fields() {
            assert!(
                row.contains(&format!(" {column}?: string | null")),
                "{}.{column}: {row}",
                info.model_name
            );
        }
        assert!(
            input.contains(&format!("export interface {} {{", info.input_name)),
            "{input}"
        );
        // Attachments are not a member of the input (the package takes them as `files`).
        for field in input_fields(resource)
            .iter()
            .filter(|f| f.kind != FieldKind::Files)
        {
            let optional = if field.required { "" } else { "?" };
            let member = format!(" {}{optional}: ", field.name);
            assert!(
                input.contains(&member),
                "{}.{}: {input}",
                info.input_name,
                field.name
            );
        }
    }
}

/// `(endpoint, row model's declaration)` of every endpoint beyond the six.
macro_rules! extra_declarations {
    ($( $Extra:ident: $Model:ident, $op:ident, $input:ident; )*) => {
        [$( (pmp_core::Extra::$Extra, <pmp_core::$Model as Tsify>::DECL) ),*]
    };
}

/// The lookups' and custom fields' row types name every wire column; custom fields add the
/// decoded values, and their target is a union of the module's names.
#[test]
fn every_extra_endpoint_has_its_row_type() {
    let all = pmp_core::for_each_extra!(extra_declarations);
    assert_eq!(all.len(), pmp_core::EXTRAS.len());
    for (extra, decl) in all {
        let endpoint = extra.endpoint();
        assert!(
            decl.contains(&format!("export type {} = {{", endpoint.output_type)),
            "{decl}"
        );
        for column in endpoint.columns {
            assert!(
                decl.contains(&format!(" {column}?: string | null")),
                "{column}: {decl}"
            );
        }
    }
    let field = <pmp_core::CustomField as Tsify>::DECL;
    assert!(field.contains("decoded_options?: string[]"), "{field}");
    assert!(field.contains("decoded_value?: CustomFieldValue"), "{field}");
    let value = <pmp_core::CustomFieldValue as Tsify>::DECL;
    assert!(value.contains("string | string[]"), "{value}");
    let target = <pmp_core::CustomFieldTarget as Tsify>::DECL;
    for name in pmp_core::CustomFieldTarget::ALL.map(|t| t.as_str()) {
        assert!(target.contains(&format!("\"{name}\"")), "{name}: {target}");
    }
}
