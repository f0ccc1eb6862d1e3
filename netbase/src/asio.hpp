// The one header that includes Boost.Asio (Boost 1.74's Asio needs <utility> first under
// GCC 12). Every netbase source that needs Asio includes this.
#pragma once

#include <utility>

#include <boost/asio.hpp>

namespace thespis::net::detail {
namespace asio = boost::asio;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;
}  // namespace thespis::net::detail
