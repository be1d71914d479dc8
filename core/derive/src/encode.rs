//! `#[derive(Encode)]`: writes a value as the JSON value serde's derive writes through
//! `serde_json::to_value`, in one small function per type whose fields go one by one, as trait
//! objects, to shared non-generic helpers (`crate::de::encode`). serde's derive writes a
//! `SerializeStruct` state machine per type with an early return at every field: after the
//! readers, the largest part of the browser packages.
//!
//! It reads the serialising side of the type's `#[serde(...)]` attributes: `rename_all`
//! (`snake_case`, `lowercase`), `rename`, `skip`, `skip_serializing`, `skip_serializing_if`,
//! `flatten`. Records with named fields, newtype structs, unit-only enums and untagged enums of
//! newtypes are written; a type marked `#[encode(serde)]` or `#[serde(into = ...)]`, another
//! enum with data, an enum with a skipped variant, a newtype whose field has a serde attribute,
//! and a tuple or unit struct are handed to serde itself. Anything else is a compile error
//! naming the way out, never a writer that differs from serde's.
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr, Path, spanned::Spanned};

use crate::{Rule, left_to_serde, rename_rule, renamed, skip_value, unraw, variant_name};

const UNSUPPORTED: &str = "a serde attribute Encode does not write: mark the type #[encode(serde)]";

#[derive(Default)]
struct Container {
    rename_all: Option<Rule>,
    untagged: bool,
    by_serde: bool,
}

/// A field's or a variant's serialising attributes.
struct Item {
    name: String,
    skip: bool,
    skip_if: Option<Path>,
    flatten: bool,
}

fn container(input: &DeriveInput) -> syn::Result<Container> {
    let mut c = Container::default();
    for attr in &input.attrs {
        c.by_serde |= left_to_serde(attr, "encode")?;
        if !attr.path().is_ident("serde") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("untagged") {
                c.untagged = true;
            } else if meta.path.is_ident("into") {
                c.by_serde = true;
                skip_value(&meta)?;
            } else if meta.path.is_ident("rename_all") {
                c.rename_all = Some(rename_rule(&meta)?);
            } else if [
                "deny_unknown_fields",
                "default",
                "bound",
                "from",
                "try_from",
            ]
            .iter()
            .any(|a| meta.path.is_ident(a))
            {
                // Reading only, or generic bounds: no bearing on what is written.
                skip_value(&meta)?;
            } else {
                return Err(meta.error(UNSUPPORTED));
            }
            Ok(())
        })?;
    }
    Ok(c)
}

fn item(attrs: &[syn::Attribute], name: String) -> syn::Result<Item> {
    let mut it = Item {
        name,
        skip: false,
        skip_if: None,
        flatten: false,
    };
    for attr in attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                if let Some(name) = renamed(&meta, "serialize")? {
                    it.name = name;
                }
            } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_serializing") {
                it.skip = true;
            } else if meta.path.is_ident("skip_serializing_if") {
                it.skip_if = Some(meta.value()?.parse::<LitStr>()?.parse()?);
            } else if meta.path.is_ident("flatten") {
                it.flatten = true;
            } else if ["alias", "default", "skip_deserializing", "deserialize_with"]
                .iter()
                .any(|a| meta.path.is_ident(a))
            {
                skip_value(&meta)?;
            } else {
                return Err(meta.error(UNSUPPORTED));
            }
            Ok(())
        })?;
    }
    Ok(it)
}

/// An object of the named fields, in declaration order (a flattened field's entries where it
/// stands), each skipped as serde skips it.
fn record_body(fields: &syn::FieldsNamed) -> syn::Result<Tokens> {
    let mut steps = Vec::new();
    for f in &fields.named {
        let ident = f
            .ident
            .as_ref()
            .ok_or_else(|| syn::Error::new(f.span(), "unnamed"))?;
        // serde's `snake_case` and `lowercase` leave a (snake case) field name as it is.
        let it = item(&f.attrs, unraw(ident))?;
        if it.skip {
            continue;
        }
        let name = &it.name;
        let step = if it.flatten {
            quote!(crate::de::encode::flatten(&mut __m, &self.#ident, __w);)
        } else {
            quote!(crate::de::encode::field(&mut __m, #name, &self.#ident, __w);)
        };
        steps.push(match &it.skip_if {
            Some(p) => quote!(if !#p(&self.#ident) { #step }),
            None => step,
        });
    }
    Ok(quote! {
        let mut __m = ::serde_json::Map::new();
        #(#steps)*
        ::serde_json::Value::Object(__m)
    })
}

/// An untagged enum whose variants are all newtypes: the variant's value. `None` for any other
/// untagged enum, which serde writes.
fn untagged_body(data: &syn::DataEnum) -> syn::Result<Option<Tokens>> {
    let mut arms = Vec::new();
    for v in &data.variants {
        let it = item(&v.attrs, String::new())?;
        let newtype = matches!(&v.fields, Fields::Unnamed(u) if u.unnamed.len() == 1);
        if !newtype || it.skip || v.fields.iter().any(has_serde_attr) {
            return Ok(None);
        }
        let ident = &v.ident;
        arms.push(quote!(Self::#ident(__v) => crate::de::encode::Encode::encode(__v, __w),));
    }
    Ok(Some(quote!(match self { #(#arms)* })))
}

/// A unit-only enum with no skipped variant: its name as a string. `None` for any other enum,
/// which serde writes.
fn enum_body(data: &syn::DataEnum, c: &Container) -> syn::Result<Option<Tokens>> {
    if c.untagged {
        return untagged_body(data);
    }
    let mut arms = Vec::new();
    for v in &data.variants {
        let it = item(&v.attrs, variant_name(&v.ident, c.rename_all))?;
        if !matches!(v.fields, Fields::Unit) || it.skip {
            return Ok(None);
        }
        let (ident, name) = (&v.ident, &it.name);
        arms.push(quote!(Self::#ident => #name,));
    }
    Ok(Some(quote! {
        crate::de::encode::name(match self { #(#arms)* })
    }))
}

/// Whether a newtype's field has a serde attribute (`serialize_with`, `skip_serializing`…): the
/// newtype is then left to serde.
fn has_serde_attr(f: &syn::Field) -> bool {
    f.attrs.iter().any(|a| a.path().is_ident("serde"))
}

pub fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let c = container(input)?;
    let name = &input.ident;
    let mut generics = input.generics.clone();
    for p in generics.type_params_mut() {
        p.bounds.push(syn::parse_quote!(crate::de::encode::Encode));
    }
    let body = match &input.data {
        _ if c.by_serde => None,
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) if !c.untagged => Some(record_body(named)?),
            Fields::Unnamed(u)
                if u.unnamed.len() == 1 && !c.untagged && !u.unnamed.iter().any(has_serde_attr) =>
            {
                Some(quote!(crate::de::encode::Encode::encode(&self.0, __w)))
            }
            _ => None,
        },
        Data::Enum(e) => enum_body(e, &c)?,
        Data::Union(_) => return Err(syn::Error::new(input.span(), "union")),
    };
    // A type serde writes needs its `Serialize` (a generic one, its parameters' too).
    let body = body.unwrap_or_else(|| {
        generics
            .make_where_clause()
            .predicates
            .push(syn::parse_quote!(Self: ::serde::Serialize));
        quote!(crate::de::encode::by_serde(self, __w))
    });
    let (impl_g, ty_g, where_g) = generics.split_for_impl();
    Ok(quote! {
        #[automatically_derived]
        impl #impl_g crate::de::encode::Encode for #name #ty_g #where_g {
            #[inline(never)]
            fn encode(&self, __w: &mut crate::de::encode::Writer) -> ::serde_json::Value {
                #body
            }
        }
    })
}
