use charm_runtime::charm;

#[charm]
struct Other;

fn main() {}
