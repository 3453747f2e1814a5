#!/usr/bin/perl
# A form that posts to itself: GET shows it, POST reads the body from stdin.
use strict;
use warnings;

sub decode { my $s = shift // ''; $s =~ tr/+/ /; $s =~ s/%([0-9A-Fa-f]{2})/chr(hex($1))/ge; return $s; }
sub escape { my $s = shift // ''; $s =~ s/&/&amp;/g; $s =~ s/</&lt;/g; $s =~ s/>/&gt;/g; $s =~ s/"/&quot;/g; return $s; }

my $answer = '';
if (($ENV{REQUEST_METHOD} // '') eq 'POST') {
    read(STDIN, my $body, $ENV{CONTENT_LENGTH} // 0);
    my %form = map { my ($k, $v) = split /=/, $_, 2; (decode($k) => decode($v)) } split /&/, $body;
    $answer = '<p>Hello, <strong>' . escape($form{name}) . '</strong>! You posted ' . length($body) . ' bytes.</p>';
}
print "Content-Type: text/html; charset=utf-8\r\n\r\n";
print <<"HTML";
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Form</title></head>
<body>
<h1>A form handled by perl</h1>
$answer
<form method="post" action="$ENV{SCRIPT_NAME}">
<label>Your name <input name="name"></label> <button>Send</button>
</form>
<p><a href="/">Back</a></p>
</body></html>
HTML
