//! `#[derive(Decode)]`: reads a record from a JSON value as serde's derive does through
//! thanthien-core's value reader (same fields, names, defaults, messages and error paths), in
//! one small function per type that hands every object to one shared, non-generic walk
//! (`crate::de::lean::record`). serde's derive writes a visitor per type whose field loop,
//! duplicate checks and drops are inlined: the largest part of the browser packages.
//!
//! It reads the type's `#[serde(...)]` attributes: `deny_unknown_fields`, `rename_all`
//! (`snake_case`, `lowercase`), `default` (on the type and on fields, with or without a
//! function), `rename`, `alias`, `skip`, `skip_deserializing`, `deserialize_with`. Records with
//! named fields, newtype structs and unit-only enums are read; a type marked `#[decode(serde)]`,
//! `#[serde(untagged)]`, or with a `flatten` field is handed to serde itself. Anything else is a
//! compile error naming the way out, never a reader that differs from serde's.
use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use std::collections::BTreeSet;
use syn::meta::ParseNestedMeta;
use syn::{Data, DeriveInput, Fields, LitStr, Path, Token, parse_macro_input, spanned::Spanned};

/// The refusal of a serde attribute the derive does not read as serde does.
const UNSUPPORTED: &str = "a serde attribute Decode does not read: mark the type #[decode(serde)]";

#[proc_macro_derive(Decode, attributes(decode))]
pub fn derive_decode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

#[derive(Clone, Copy)]
enum Rule {
    Snake,
    Lower,
}

#[derive(Default)]
struct Container {
    deny: bool,
    rename_all: Option<Rule>,
    default: bool,
    by_serde: bool,
}

enum Default_ {
    None,
    Trait,
    Path(Path),
}

struct Item {
    names: BTreeSet<String>,
    main: String,
    default: Default_,
    skip: bool,
    with: Option<Path>,
    flatten: bool,
}

fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        let _: LitStr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|m| skip_value(&m))?;
    }
    Ok(())
}

fn string(meta: &ParseNestedMeta) -> syn::Result<String> {
    Ok(meta.value()?.parse::<LitStr>()?.value())
}

fn container(input: &DeriveInput) -> syn::Result<Container> {
    let mut c = Container::default();
    for attr in &input.attrs {
        if attr.path().is_ident("decode") {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("serde") {
                    c.by_serde = true;
                    Ok(())
                } else {
                    Err(meta.error("unknown decode attribute"))
                }
            })?;
        }
        if !attr.path().is_ident("serde") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("deny_unknown_fields") {
                c.deny = true;
            } else if meta.path.is_ident("untagged") {
                c.by_serde = true;
            } else if meta.path.is_ident("default") {
                if meta.input.peek(Token![=]) {
                    return Err(meta.error("a container default function is not supported"));
                }
                c.default = true;
            } else if meta.path.is_ident("rename_all") {
                c.rename_all = Some(match string(&meta)?.as_str() {
                    "snake_case" => Rule::Snake,
                    "lowercase" => Rule::Lower,
                    _ => return Err(meta.error("unsupported rename_all rule")),
                });
            } else if ["into", "bound"].iter().any(|a| meta.path.is_ident(a)) {
                // Serialising only, or generic bounds: no bearing on what is read.
                skip_value(&meta)?;
            } else {
                return Err(meta.error(UNSUPPORTED));
            }
            Ok(())
        })?;
    }
    Ok(c)
}

fn unraw(ident: &syn::Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map_or(s.clone(), str::to_owned)
}

fn item(attrs: &[syn::Attribute], main: String) -> syn::Result<Item> {
    let mut it = Item {
        names: BTreeSet::new(),
        main,
        default: Default_::None,
        skip: false,
        with: None,
        flatten: false,
    };
    for attr in attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                if meta.input.peek(syn::token::Paren) {
                    meta.parse_nested_meta(|m| {
                        if m.path.is_ident("deserialize") {
                            it.main = string(&m)?;
                        } else {
                            skip_value(&m)?;
                        }
                        Ok(())
                    })?;
                } else {
                    it.main = string(&meta)?;
                }
            } else if meta.path.is_ident("alias") {
                it.names.insert(string(&meta)?);
            } else if meta.path.is_ident("default") {
                it.default = if meta.input.peek(Token![=]) {
                    Default_::Path(meta.value()?.parse::<LitStr>()?.parse()?)
                } else {
                    Default_::Trait
                };
            } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_deserializing") {
                it.skip = true;
            } else if meta.path.is_ident("deserialize_with") {
                it.with = Some(meta.value()?.parse::<LitStr>()?.parse()?);
            } else if meta.path.is_ident("flatten") {
                it.flatten = true;
            } else if ["skip_serializing", "skip_serializing_if", "serialize_with"]
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
    it.names.insert(it.main.clone());
    Ok(it)
}

fn variant_name(ident: &syn::Ident, rule: Option<Rule>) -> String {
    let name = unraw(ident);
    match rule {
        None => name,
        Some(Rule::Lower) => name.to_ascii_lowercase(),
        Some(Rule::Snake) => {
            let mut out = String::new();
            for (i, ch) in name.char_indices() {
                if i > 0 && ch.is_uppercase() {
                    out.push('_');
                }
                out.push(ch.to_ascii_lowercase());
            }
            out
        }
    }
}

/// The names table (`(name, field index)`, every accepted name), and the fields' own names
/// with serde's `FIELDS` list (every accepted name).
fn tables(items: &[&Item]) -> (Tokens, Tokens) {
    let mut pairs = Vec::new();
    let mut all = Vec::new();
    for (j, it) in items.iter().enumerate() {
        for n in &it.names {
            pairs.push(quote!((#n, #j)));
            all.push(quote!(#n));
        }
    }
    let mains = items.iter().map(|it| &it.main);
    (
        quote!(&[#(#pairs),*]),
        quote!((&[#(#mains),*], &[#(#all),*])),
    )
}

/// Reads the object in `value` into the named fields, then builds the record.
fn record_body(fields: &syn::FieldsNamed, c: &Container, expecting: &str) -> syn::Result<Tokens> {
    let mut items = Vec::new();
    for f in &fields.named {
        let ident = f
            .ident
            .as_ref()
            .ok_or_else(|| syn::Error::new(f.span(), "unnamed"))?;
        // serde's `snake_case` and `lowercase` leave a (snake case) field name as it is; a
        // record with a flattened field never comes here (serde reads it, see `expand`).
        items.push((ident, &f.ty, item(&f.attrs, unraw(ident))?));
    }
    let read: Vec<&Item> = items
        .iter()
        .filter(|(_, _, it)| !it.skip)
        .map(|(_, _, it)| it)
        .collect();
    if read.len() > 64 {
        return Err(syn::Error::new(fields.span(), "more than 64 fields"));
    }
    let (pairs, all) = tables(&read);
    let deny = c.deny;
    let mut lets = Vec::new();
    let mut arms = Vec::new();
    let mut inits = Vec::new();
    let mut j = 0usize;
    for (ident, ty, it) in &items {
        let var = format_ident!("__f_{}", unraw(ident));
        let fallback = match &it.default {
            Default_::Trait => quote!(::core::default::Default::default()),
            Default_::Path(p) => quote!(#p()),
            Default_::None if c.default => quote!(__default.#ident),
            Default_::None => {
                let main = &it.main;
                if it.with.is_some() {
                    quote!(return ::core::result::Result::Err(crate::de::lean::missing(#main)))
                } else {
                    quote!(<#ty as crate::de::lean::Decode>::missing(#main)?)
                }
            }
        };
        if it.skip {
            // serde's order: the field's own default, then the container's, then `Default`.
            let value = match &it.default {
                Default_::Path(p) => quote!(#p()),
                Default_::None if c.default => quote!(__default.#ident),
                _ => quote!(::core::default::Default::default()),
            };
            inits.push(quote!(#ident: #value));
            continue;
        }
        lets.push(
            quote!(let mut #var: ::core::option::Option<#ty> = ::core::option::Option::None;),
        );
        let decode = match &it.with {
            Some(p) => quote!(#p(crate::de::lean::value_de(__v, __p))?),
            None => quote!(crate::de::lean::Decode::decode(__v, __p)?),
        };
        arms.push(quote!(#j => #var = ::core::option::Option::Some(#decode),));
        inits.push(quote!(#ident: match #var {
            ::core::option::Option::Some(__x) => __x,
            ::core::option::Option::None => #fallback,
        }));
        j += 1;
    }
    let default = if c.default {
        quote!(let __default: Self = ::core::default::Default::default();)
    } else {
        quote!()
    };
    Ok(quote! {
        #(#lets)*
        crate::de::lean::record(value, at, #expecting, #pairs, #all, #deny, &mut |__i, __v, __p| {
            match __i {
                #(#arms)*
                _ => {}
            }
            ::core::result::Result::Ok(())
        })?;
        #default
        ::core::result::Result::Ok(Self { #(#inits),* })
    })
}

/// A unit-only enum: the variant's index from its name, then the variant (the last one for the
/// last index, so that no arm is left unreachable).
fn enum_body(data: &syn::DataEnum, c: &Container) -> syn::Result<Tokens> {
    let (mut read, mut idents) = (Vec::new(), Vec::new());
    for v in &data.variants {
        if !matches!(v.fields, Fields::Unit) {
            return Err(syn::Error::new(
                v.span(),
                "a variant with data: mark the type #[decode(serde)]",
            ));
        }
        let it = item(&v.attrs, variant_name(&v.ident, c.rename_all))?;
        if !it.skip {
            read.push(it);
            idents.push(&v.ident);
        }
    }
    let Some((last, first)) = idents.split_last() else {
        return Err(syn::Error::new(data.enum_token.span, "no variant to read"));
    };
    let (pairs, all) = tables(&read.iter().collect::<Vec<_>>());
    let ks = 0..first.len();
    Ok(quote! {
        let (__i, __content) = crate::de::lean::variant(value, #pairs, #all.1)?;
        crate::de::lean::unit(__content)?;
        ::core::result::Result::Ok(match __i {
            #(#ks => Self::#first,)*
            _ => Self::#last,
        })
    })
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let c = container(input)?;
    let name = &input.ident;
    let mut generics = input.generics.clone();
    for p in generics.type_params_mut() {
        p.bounds.push(syn::parse_quote!(crate::de::lean::Decode));
    }
    let (impl_g, ty_g, where_g) = generics.split_for_impl();
    let flattened = match &input.data {
        Data::Struct(s) => s
            .fields
            .iter()
            .any(|f| item(&f.attrs, String::new()).is_ok_and(|it| it.flatten)),
        _ => false,
    };
    let body = if c.by_serde || flattened {
        quote!(crate::de::lean::by_serde(value, at))
    } else {
        match &input.data {
            Data::Struct(s) => match &s.fields {
                Fields::Named(named) => record_body(named, &c, &format!("struct {name}"))?,
                Fields::Unnamed(u) if u.unnamed.len() == 1 => quote!(::core::result::Result::Ok(
                    Self(crate::de::lean::Decode::decode(value, at)?)
                )),
                _ => {
                    return Err(syn::Error::new(
                        input.span(),
                        "unit or tuple struct: mark the type #[decode(serde)]",
                    ));
                }
            },
            Data::Enum(e) => enum_body(e, &c)?,
            Data::Union(_) => return Err(syn::Error::new(input.span(), "union")),
        }
    };
    Ok(quote! {
        #[automatically_derived]
        impl #impl_g crate::de::lean::Decode for #name #ty_g #where_g {
            #[allow(unused_variables, unused_mut, clippy::needless_question_mark)]
            #[inline(never)]
            fn decode(
                value: ::serde_json::Value,
                at: &crate::de::Path<'_>,
            ) -> ::core::result::Result<Self, crate::de::DeError> {
                #body
            }
        }
    })
}
