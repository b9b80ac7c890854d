use charm_runtime::{Result, charm, on};

struct MyCharm<T>(T);

#[charm]
impl<T> MyCharm<T> {
    #[on(install)]
    fn install() -> Result<()> {
        Ok(())
    }
}

fn main() {}
