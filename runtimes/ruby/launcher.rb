# Brisk's Ruby launcher (runtimes/README.md, "Launchers"). The Python proxy
# starts it in the action's folder with fd 3 a pipe back to the proxy; it
# loads main.rb once, acks on fd 3, then runs one activation per stdin line
# and answers each with one line on fd 3. It prints nothing of its own on
# stdout: whatever it writes there would be the action's log.
# Ruby starts with --disable-gems (the Dockerfile): at a quarter of a CPU, RubyGems'
# start-up is four fifths of Ruby's. It is loaded the first time a require fails
# (a bundled gem such as bigdecimal), or for Bundler.
unless defined?(Gem)
  module Kernel
    alias_method :brisk_plain_require, :require

    def require(name)
      brisk_plain_require(name)
    rescue LoadError
      raise if defined?(::Gem)

      brisk_plain_require('rubygems')
      require(name) # RubyGems' require now
    end
    private :require
  end
end

require 'json'

CHANNEL = IO.new(3, 'w')
CHANNEL.sync = true

# Remembers whether the last byte an IO wrote was a newline, so an unfinished
# line (`print 'x'`) can be ended before the proxy writes its sentinel.
module LineTracker
  attr_accessor :brisk_line_open

  def write(*chunks)
    last = chunks.reverse_each.map(&:to_s).find { |c| !c.empty? }
    self.brisk_line_open = !last.end_with?("\n") if last
    super
  end
end

[$stdout, $stderr].each do |io|
  io.extend(LineTracker)
  io.brisk_line_open = false
  io.sync = true
end

def brisk_send(message)
  CHANNEL.write(JSON.generate(message) + "\n")
end

def brisk_describe(error)
  "#{error.class}: #{error.message}"
end

def brisk_print_error(error)
  $stderr.write(error.full_message(highlight: false, order: :top))
  $stderr.write("\n") if $stderr.brisk_line_open
end

# A zip may carry its gems: with a Gemfile (and bundler in the image) Bundler
# sets the load path from vendor/bundle; without one, each vendored gem's lib/.
def brisk_load_bundle(dir)
  if File.file?(File.join(dir, 'Gemfile'))
    ENV['BUNDLE_GEMFILE'] ||= File.join(dir, 'Gemfile')
    ENV['BUNDLE_PATH'] ||= File.join(dir, 'vendor', 'bundle') unless File.file?(File.join(dir, '.bundle', 'config'))
    ENV['BUNDLE_APP_CONFIG'] ||= File.join(dir, '.bundle')
    ENV['BUNDLE_USER_HOME'] ||= File.join(Dir.tmpdir, '.bundle-user') # the image's HOME is not writable
    require 'rubygems'
    require 'bundler/setup'
  else
    Dir.glob(File.join(dir, 'vendor', 'bundle', 'ruby', '*', 'gems', '*', 'lib')).sort.each { |lib| $LOAD_PATH.unshift(lib) }
  end
end

def brisk_load(main)
  dir = Dir.pwd
  file = File.join(dir, 'main.rb')
  unless File.file?(file)
    nested = Dir.glob(File.join(dir, '*', 'main.rb')).first
    hint = nested ? " (it is in the folder '#{File.basename(File.dirname(nested))}/': zip the folder's contents, not the folder)" : ''
    raise LoadError, "the action has no main.rb at its root#{hint}"
  end
  require 'tmpdir'
  brisk_load_bundle(dir)
  $LOAD_PATH.unshift(dir)
  load(file) # at the top level, so `def main` becomes a private method of Object, as OpenWhisk's runtime has it
  return if Object.private_method_defined?(main) || Object.method_defined?(main)

  raise NameError, "the action has no method named '#{main}' (define it with def #{main}(args) at the top level of main.rb)"
end

main = ENV.fetch('BRISK_ACTION_MAIN', 'main')
main = 'main' if main.empty?
begin
  brisk_load(main)
rescue Exception => e # rubocop:disable Lint/RescueException -- a SyntaxError is a ScriptError, `exit` a SystemExit
  brisk_print_error(e)
  brisk_send(error: brisk_describe(e))
  exit 1
end
brisk_send(ok: true)

receiver = TOPLEVEL_BINDING.receiver
previous = []
while (line = $stdin.gets)
  request = JSON.parse(line)
  previous.each { |key| ENV.delete(key) }
  previous = []
  request.each do |key, value|
    next if key == 'value' || key !~ /\A\w+\z/

    name = "__OW_#{key.upcase}"
    ENV[name] = value.is_a?(String) ? value : JSON.generate(value)
    previous << name
  end
  value = request['value'].is_a?(Hash) ? request['value'] : {}
  message =
    begin
      result = receiver.send(main, value)
      begin
        "{\"result\":#{JSON.generate(result, allow_nan: false)}}"
      rescue JSON::GeneratorError, JSON::NestingError => e
        JSON.generate(thrown: "The action returned a result that is not JSON-serialisable: #{e.message}")
      end
    rescue Exception => e # rubocop:disable Lint/RescueException -- `exit` and `raise Exception` in the action are errors of the run
      brisk_print_error(e)
      JSON.generate(thrown: brisk_describe(e))
    end
  [$stdout, $stderr].each do |io|
    io.write("\n") if io.brisk_line_open
    io.flush
  end
  CHANNEL.write("#{message}\n")
end
