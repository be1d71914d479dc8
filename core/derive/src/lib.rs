//! `#[derive(Decode)]`: reads a record from a JSON value as serde's derive does through
//! thanthien-core's value reader (same fields, names, defaults, messages and error paths), in
//! one small function per type that hands every object to one shared, non-generic walk
//! (`crate::de::lean::record`). serde's derive writes a visitor per type whose field loop,
//! duplicate checks and drops are inlined: the largest part of the browser packages.
//!
//! It reads the type's `#[serde(...)]` attributes: `deny_unknown_fields`, `rename_all`
//! (`snake_case`, `lowercase`), `default` (on the type and on fields, with or without a
//! function), `rename`, `alias`, `skip`, `skip_deserializing`, `deserialize_with`, `flatten`
//! (one field a record, without `deny_unknown_fields`: read from the keys the record does not
//! name once every other field is found, its errors with the record's path). Records with named
//! fields, newtype structs and unit-only enums are read; a type marked `#[decode(serde)]`,
//! `#[serde(untagged)]`, or with more than one `flatten` field is handed to serde itself. Anything else is a
//! compile error naming the way out, never a reader that differs from serde's.
use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use std::collections::BTreeSet;
use syn::meta::ParseNestedMeta;
use syn::{Data, DeriveInput, Fields, LitStr, Path, Token, parse_macro_input, spanned::Spanned};

/// The refusal of a serde attribute the derive does not read as serde does.
const UNSUPPORTED: &str = "a serde attribute Decode does not read: mark the type #[decode(serde)]";

mod encode;

#[proc_macro_derive(Decode, attributes(decode))]
pub fn derive_decode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// `#[derive(Encode)]`: see [`encode`].
#[proc_macro_derive(Encode, attributes(encode))]
pub fn derive_encode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match encode::expand(&input) {
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

/// Whether `attr` is `#[<derive>(serde)]` (`decode` or `encode`): the type left to serde.
fn left_to_serde(attr: &syn::Attribute, derive: &str) -> syn::Result<bool> {
    if !attr.path().is_ident(derive) {
        return Ok(false);
    }
    attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("serde") {
            Ok(())
        } else {
            Err(meta.error(format!("unknown {derive} attribute")))
        }
    })?;
    Ok(true)
}

/// serde's `rename_all = "…"`, of the rules the derives know.
fn rename_rule(meta: &ParseNestedMeta) -> syn::Result<Rule> {
    match string(meta)?.as_str() {
        "snake_case" => Ok(Rule::Snake),
        "lowercase" => Ok(Rule::Lower),
        _ => Err(meta.error("unsupported rename_all rule")),
    }
}

/// The name a `rename` gives on one `side` (`serialize` or `deserialize`): `rename = "x"` or
/// `rename(serialize = "x", deserialize = "y")`; `None` when it names only the other side.
fn renamed(meta: &ParseNestedMeta, side: &str) -> syn::Result<Option<String>> {
    if !meta.input.peek(syn::token::Paren) {
        return string(meta).map(Some);
    }
    let mut name = None;
    meta.parse_nested_meta(|m| {
        if m.path.is_ident(side) {
            name = Some(string(&m)?);
        } else {
            skip_value(&m)?;
        }
        Ok(())
    })?;
    Ok(name)
}

fn container(input: &DeriveInput) -> syn::Result<Container> {
    let mut c = Container::default();
    for attr in &input.attrs {
        c.by_serde |= left_to_serde(attr, "decode")?;
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
                c.rename_all = Some(rename_rule(&meta)?);
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
                if let Some(name) = renamed(&meta, "deserialize")? {
                    it.main = name;
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

/// Each named field with its type and attributes (serde's `snake_case` and `lowercase` leave a
/// snake case field name as it is).
fn named_items(fields: &syn::FieldsNamed) -> syn::Result<Vec<(&syn::Ident, &syn::Type, Item)>> {
    let mut items = Vec::new();
    for f in &fields.named {
        let ident = f
            .ident
            .as_ref()
            .ok_or_else(|| syn::Error::new(f.span(), "unnamed"))?;
        items.push((ident, &f.ty, item(&f.attrs, unraw(ident))?));
    }
    Ok(items)
}

/// Reads the object in `value` into the named fields, then builds the record.
fn record_body(fields: &syn::FieldsNamed, c: &Container, expecting: &str) -> syn::Result<Tokens> {
    let items = named_items(fields)?;
    let read: Vec<&Item> = items
        .iter()
        .filter(|(_, _, it)| !it.skip && !it.flatten)
        .map(|(_, _, it)| it)
        .collect();
    if read.len() > 64 {
        return Err(syn::Error::new(fields.span(), "more than 64 fields"));
    }
    let (pairs, all) = tables(&read);
    let deny = c.deny;
    let mut types = Vec::new();
    let mut arms = Vec::new();
    let mut slots = Vec::new();
    let mut binds = Vec::new();
    let mut inits = Vec::new();
    // The flattened field (one at most, see `expand`): read once every other field is found
    // present or defaulted, as serde's derive does.
    let mut flat = None;
    for (ident, ty, it) in &items {
        if it.skip {
            inits.push(skipped_init(ident, it, c));
            continue;
        }
        if it.flatten {
            flat = Some(*ty);
            inits.push(quote!(#ident: __flat));
            continue;
        }
        let k = syn::Index::from(types.len());
        let (arm, slot) = read_field(&k, ty, it, &quote!(__default.#ident), c);
        let bound = format_ident!("__v_{}", unraw(ident));
        types.push(quote!(::core::option::Option<#ty>));
        arms.push(arm);
        slots.push(slot);
        binds.push(quote!(::core::option::Option::Some(#bound)));
        inits.push(quote!(#ident: #bound));
    }
    let default = if c.default {
        quote!(let __default: Self = ::core::default::Default::default();)
    } else {
        quote!()
    };
    if types.is_empty() && flat.is_none() {
        return Ok(quote! {
            crate::de::lean::record(value, at, #expecting, #pairs, #all, #deny, ::core::option::Option::None, &mut |_, _, _| {
                ::core::result::Result::Ok(())
            })?;
            #default
            ::core::result::Result::Ok(Self { #(#inits),* })
        });
    }
    // The fields' slots are one tuple, dropped in one place whether the walk fails or a field
    // is missing. Every field's value or its fallback first, then the record built in one step:
    // a field whose absence is an error fails the whole match at one point (serde's `missing
    // field` for the first such field, in declaration order).
    let nones = types.iter().map(|_| quote!(::core::option::Option::None));
    let ks = (0..types.len()).map(syn::Index::from);
    let shifts = 0..types.len() as u32;
    let [decl_rest, rest, read_flat] = flattened_steps(flat, &all);
    Ok(quote! {
        let mut __s: (#(#types,)*) = (#(#nones,)*);
        #decl_rest
        let __read = crate::de::lean::record(value, at, #expecting, #pairs, #all, #deny, #rest, &mut |__i, __v, __p| {
            match __i {
                #(#arms)*
                _ => ::core::result::Result::Ok(()),
            }
        });
        if let ::core::result::Result::Err(__e) = __read {
            return crate::de::lean::fail(__s, __e);
        }
        #default
        let __s: (#(#types,)*) = (#(#slots,)*);
        let __gone: ::core::primitive::u64 =
            0 #(| (::core::primitive::u64::from(__s.#ks.is_none()) << #shifts))*;
        #read_flat
        match __s {
            (#(#binds,)*) => ::core::result::Result::Ok(Self { #(#inits),* }),
            #[allow(unreachable_patterns)]
            __s => crate::de::lean::fail(__s, crate::de::lean::first_missing(__gone, #all.0)),
        }
    })
}

/// A record's steps for its flattened field of type `flat`, if any: the map of the keys the
/// record does not name, the walk's argument that fills it, and, once the walk is done, the
/// first missing field's error if any field is missing, else the flattened field read
/// (`__flat`).
fn flattened_steps(flat: Option<&syn::Type>, all: &Tokens) -> [Tokens; 3] {
    let Some(ty) = flat else {
        return [quote!(), quote!(::core::option::Option::None), quote!()];
    };
    [
        quote!(let mut __rest = ::serde_json::Map::new();),
        quote!(::core::option::Option::Some(&mut __rest)),
        quote! {
            if __gone != 0 {
                return crate::de::lean::fail(__s, crate::de::lean::first_missing(__gone, #all.0));
            }
            let __flat: #ty = match crate::de::lean::flattened(__rest, at) {
                ::core::result::Result::Ok(__f) => __f,
                ::core::result::Result::Err(__e) => return crate::de::lean::fail(__s, __e),
            };
        },
    ]
}

/// The value of a field never read (`skip`), in serde's order: the field's own default, then
/// the container's, then `Default`.
fn skipped_init(ident: &syn::Ident, it: &Item, c: &Container) -> Tokens {
    let value = match &it.default {
        Default_::Path(p) => quote!(#p()),
        Default_::None if c.default => quote!(__default.#ident),
        _ => quote!(::core::default::Default::default()),
    };
    quote!(#ident: #value)
}

/// A read field's arm in the walk (its value into slot `k` of `__s`) and its slot once the walk
/// is done: the value, else its fallback (its default, the container's `from_container`, or
/// `None` when its absence is an error; `Decode::absent` says which for its type).
fn read_field(
    k: &syn::Index,
    ty: &syn::Type,
    it: &Item,
    from_container: &Tokens,
    c: &Container,
) -> (Tokens, Tokens) {
    let (some, none) = (
        quote!(::core::option::Option::Some),
        quote!(::core::option::Option::None),
    );
    let fallback = match &it.default {
        Default_::Trait => quote!(#some(::core::default::Default::default())),
        Default_::Path(p) => quote!(#some(#p())),
        Default_::None if c.default => quote!(#some(#from_container)),
        Default_::None if it.with.is_some() => quote!(#none),
        Default_::None => quote!(<#ty as crate::de::lean::Decode>::absent()),
    };
    let arm = match &it.with {
        Some(p) => quote!(#k => {
            __s.#k = #some(#p(crate::de::lean::value_de(__v, __p))?);
            ::core::result::Result::Ok(())
        }),
        None => quote!(#k => crate::de::lean::put(&mut __s.#k, __v, __p),),
    };
    let slot = quote!(match __s.#k {
        #some(__x) => #some(__x),
        #none => #fallback,
    });
    (arm, slot)
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

/// Whether the record's flattened field, if any, is read here: one at most, not beside
/// `deny_unknown_fields`, with no `deserialize_with`, and not an `Option` (serde's reader of
/// flattened entries makes a failed `Option` none). serde reads the others.
fn flatten_read_here(input: &DeriveInput, c: &Container) -> bool {
    let Data::Struct(s) = &input.data else {
        return true;
    };
    let flat: Vec<_> = s
        .fields
        .iter()
        .filter(|f| item(&f.attrs, String::new()).is_ok_and(|it| it.flatten))
        .collect();
    let plain = |f: &&syn::Field| {
        let optional = matches!(&f.ty, syn::Type::Path(p)
            if p.path.segments.last().is_some_and(|s| s.ident == "Option"));
        !optional && item(&f.attrs, String::new()).is_ok_and(|it| it.with.is_none())
    };
    flat.is_empty() || (flat.len() == 1 && !c.deny && flat.iter().all(plain))
}

/// `Decode::FIELDS` of a record with no flattened field: every name it accepts (what serde
/// shows it of a flattened part); nothing for one with a flattened field (it sees every key).
fn accepted_names(fields: &syn::FieldsNamed) -> syn::Result<Tokens> {
    let mut names = Vec::new();
    for (_, _, it) in named_items(fields)? {
        if it.flatten {
            return Ok(quote!());
        }
        if !it.skip {
            names.extend(it.names);
        }
    }
    Ok(quote! {
        const FIELDS: ::core::option::Option<&'static [&'static str]> =
            ::core::option::Option::Some(&[#(#names),*]);
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
    let body = if c.by_serde || !flatten_read_here(input, &c) {
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
    let fields = match &input.data {
        Data::Struct(s) if !c.by_serde => match &s.fields {
            Fields::Named(named) => accepted_names(named)?,
            _ => quote!(),
        },
        _ => quote!(),
    };
    Ok(quote! {
        #[automatically_derived]
        impl #impl_g crate::de::lean::Decode for #name #ty_g #where_g {
            #fields
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
