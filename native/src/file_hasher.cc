#include "file_hasher.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "openssl_util.h"

namespace kyso {

namespace {

class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ~ScopedFd() { close(fd_); }
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

ItemError FileError(ErrorCode code, const std::string& path, int error_number) {
  ItemError error(code);
  error.path = path;
  error.errno_name = ErrnoName(error_number);
  return error;
}

ItemError RangeError(ErrorCode code, const std::string& path, size_t index, const ByteRange& range,
                     uint64_t file_size) {
  ItemError error(code);
  error.path = path;
  error.range_index = static_cast<int64_t>(index);
  error.offset = range.offset;
  error.length = range.length;
  error.file_size = file_size;
  return error;
}

}  // namespace

std::optional<ItemError> HashFile(const std::string& path, const std::vector<ByteRange>* ranges,
                                  DigestAlgorithm algorithm, WorkerScratch& scratch, uint8_t* out) {
  int fd;
  // O_NONBLOCK so that opening a FIFO by mistake cannot park a pool thread forever; it has no
  // effect on reads from regular files, the only kind accepted below.
  do {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    return FileError(errno == ENOENT ? ErrorCode::kFileNotFound : ErrorCode::kFileUnreadable, path, errno);
  }
  ScopedFd file(fd);

  struct stat status;
  if (fstat(fd, &status) != 0) return FileError(ErrorCode::kFileUnreadable, path, errno);
  if (S_ISDIR(status.st_mode)) return FileError(ErrorCode::kFileUnreadable, path, EISDIR);
  if (!S_ISREG(status.st_mode)) {
    ItemError error(ErrorCode::kFileUnreadable);
    error.path = path;
    error.detail = "not a regular file";
    return error;
  }
  const uint64_t file_size = static_cast<uint64_t>(status.st_size);

  const std::vector<ByteRange> whole_file{{0, file_size}};
  const std::vector<ByteRange>& list = ranges != nullptr ? *ranges : whole_file;
  for (size_t i = 0; i < list.size(); ++i) {
    // Written without offset + length so that huge values cannot overflow.
    if (list[i].offset > file_size || list[i].length > file_size - list[i].offset) {
      return RangeError(ErrorCode::kRangeOutOfBounds, path, i, list[i], file_size);
    }
  }

  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  EVP_MD_CTX* ctx = scratch.DigestContext();
  uint8_t* buffer = scratch.ReadBuffer();
  if (EVP_DigestInit_ex2(ctx, DigestMethod(algorithm), nullptr) != 1) {
    ItemError error(ErrorCode::kInternal);
    error.detail = TakeOpenSslErrors();
    return error;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    uint64_t position = list[i].offset;
    uint64_t remaining = list[i].length;
    while (remaining > 0) {
      size_t wanted = static_cast<size_t>(std::min<uint64_t>(remaining, WorkerScratch::kReadChunkBytes));
      ssize_t got = pread(fd, buffer, wanted, static_cast<off_t>(position));
      if (got < 0) {
        if (errno == EINTR) continue;
        return FileError(ErrorCode::kFileUnreadable, path, errno);
      }
      if (got == 0) {
        // The size checked above no longer holds: the file shrank while we were reading it.
        struct stat now;
        uint64_t size_now = fstat(fd, &now) == 0 ? static_cast<uint64_t>(now.st_size) : position;
        return RangeError(ErrorCode::kFileChanged, path, i, list[i], size_now);
      }
      if (EVP_DigestUpdate(ctx, buffer, static_cast<size_t>(got)) != 1) {
        ItemError error(ErrorCode::kInternal);
        error.detail = TakeOpenSslErrors();
        return error;
      }
      position += static_cast<uint64_t>(got);
      remaining -= static_cast<uint64_t>(got);
    }
  }
  unsigned int written = 0;
  if (EVP_DigestFinal_ex(ctx, out, &written) != 1) {
    ItemError error(ErrorCode::kInternal);
    error.detail = TakeOpenSslErrors();
    return error;
  }
  return std::nullopt;
}

}  // namespace kyso
