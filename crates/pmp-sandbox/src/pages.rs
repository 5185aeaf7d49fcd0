//! The HTML pages real servers send where a JSON client expects JSON: CodeIgniter's 404 page,
//! its error page, and a PHP exception page. The texts are neutral: no path of any machine.

/// The CRM's "404 Page Not Found" page (unknown resource, delete without id on 1.x/2.x).
pub(crate) const NOT_FOUND: &str = "\n<!doctype html>\n<html>\n<head>\n    <meta charset=\"UTF-8\">\n    <title>404 Page Not Found</title>\n</head>\n<body>\n    <h2>404</h2>\n    <p>404 Page Not Found</p>\n    <p>The page you requested was not found.</p>\n</body>\n</html>\n";

/// CodeIgniter's "An Error Was Encountered" page (2.0.8's unusable PUT bodies).
pub(crate) const ERROR: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n\t<div id=\"container\">\n\t\t<h1>An Error Was Encountered</h1>\n\t\t<p>Unable to load the requested class: Parse_input_stream</p>\t</div>\n</body>\n</html>\n";

/// The page of an uncaught database exception (2.0.8's search with a `"` in the keyword).
pub(crate) const SQL_ERROR: &str = "\n<div style=\"border:1px solid #990000;padding-left:20px;margin:0 0 10px 0;\">\n\n<h4>An uncaught Exception was encountered</h4>\n\n<p>Type: mysqli_sql_exception</p>\n<p>Message: You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use</p>\n\n</div>\n";
