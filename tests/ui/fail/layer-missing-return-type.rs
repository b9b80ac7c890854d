use charm_runtime::layer;

#[layer]
fn bad() {
    r#"
    summary: no return type
    "#
}

fn main() {}
