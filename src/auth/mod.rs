//! Who is asking: passwords, the server-side session store, the typed session,
//! CSRF protection, login rate limiting and the extractors that guard pages.

pub mod client;
pub mod csrf;
pub mod guard;
pub mod password;
pub mod rate_limit;
pub mod return_to;
pub mod session;
pub mod store;

pub use guard::{CurrentCoach, CurrentMember, CurrentUser};
pub use session::AppSession;
