use charm_runtime::charm;

struct MyCharm;

#[charm]
impl Default for MyCharm {
    fn default() -> Self {
        MyCharm
    }
}

fn main() {}
